// The class keys this browser keeps (issue 29, ui/state/classroom.py): the teacher key of
// the class it teaches and the student token of the class it joined, in localStorage, so
// that a reload, or a replica of serve.py that restarted, finds them again. They are never
// put in a link. Beside them, a record of the server process this page last spoke to and
// what the session held there (a run, a model), so that after a restart the student is told.
// `data.put`: the keys to keep (an object, {} forgets them), or null to only read them.
// What is kept goes back to Python as the state value `kept`, sent only when it differs
// from what this page sent last (each send is a script run).
const NAME = "seq2seq.classroom";
let sent = null;

function read() {
  try {
    const kept = JSON.parse(window.localStorage.getItem(NAME) || "{}");
    return kept && typeof kept === "object" && !Array.isArray(kept) ? kept : {};
  } catch (e) {
    return {};
  }
}

export default function classKeys(component) {
  const { data, setStateValue } = component;
  if (data && data.put && typeof data.put === "object") {
    try {
      window.localStorage.setItem(NAME, JSON.stringify(data.put));
    } catch (e) {
      // private browsing without storage: the session keeps the keys until the tab closes
    }
  }
  const kept = read();
  const text = JSON.stringify(kept);
  if (text !== sent) {
    sent = text;
    setStateValue("kept", kept);
  }
}
