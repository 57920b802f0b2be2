// The class keys this browser keeps (issue 29, ui/state/classroom.py): the teacher key of
// the class it teaches and the student token of the class it joined, in localStorage, so
// that a reload, or a replica of serve.py that restarted, finds them again. They are never
// put in a link. Beside them, a record of the server process this page last spoke to and
// what the session held there (a run, a model), so that after a restart the student is told.
//
// `data.put`: the keys the session holds (an object; without keys it forgets them);
// `data.read`: whether the session has had what this browser kept; `data.session`: which
// session it is. What the session has not had and must (`told`: a key, or a record of
// lost work), kept by an earlier page load or for an earlier session (the page reconnected
// to a restarted replica), goes back to Python as the state value `kept`, and nothing is
// written over it until the session has it. Anything else (nothing kept, or what this page
// wrote for this session) is simply replaced by `data.put`: a fresh browser sends nothing,
// so opening a page costs no second script run, and a click in the page's first second
// does not race one (a run the component started with the old page's address took a
// student's navigation away, in chromium).
const NAME = "seq2seq.classroom";
let sent = null; // [session, record] this page sent to Python last
let written = null; // [session, record] this page wrote itself last

function read() {
  try {
    const kept = JSON.parse(window.localStorage.getItem(NAME) || "{}");
    return kept && typeof kept === "object" && !Array.isArray(kept) ? kept : {};
  } catch (e) {
    return {};
  }
}

function told(kept) {
  // what Python must hear: a key, or work an earlier server process lost
  const server = kept.server;
  return Boolean(kept.teach || kept.joined || (server && typeof server === "object" && server.work));
}

export default function classKeys(component) {
  const { data, setStateValue } = component;
  const session = data && typeof data.session === "string" ? data.session : "";
  const kept = read();
  const text = JSON.stringify([session, kept]);
  if (text !== written && told(kept) && !(data && data.read)) {
    if (text !== sent) {
      sent = text;
      setStateValue("kept", kept);
    }
    return;
  }
  if (data && data.put && typeof data.put === "object") {
    try {
      window.localStorage.setItem(NAME, JSON.stringify(data.put));
    } catch (e) {
      // private browsing without storage: the session keeps the keys until the tab closes
    }
    written = JSON.stringify([session, read()]);
  }
}
