"""English and Korean for forcing a token from a chart (ui/services/forcing.py)."""

STRINGS: dict[str, dict[str, str]] = {
    "force_hint": {
        "en": "Click a bar to force that token at this step: the rest is decoded greedily "
        "again and shown beside the original.",
        "ko": "막대를 누르면 이 시점에서 그 토큰을 강제로 고르고, 나머지를 다시 탐욕 "
        "탐색으로 디코딩해 원래 번역 옆에 보여 줍니다.",
    },
    "force_tree_hint": {
        "en": "Click a node of the tree to force its path up to there: the rest is decoded "
        "greedily and shown beside greedy's translation.",
        "ko": "트리의 노드를 누르면 그 노드까지의 경로를 강제로 고르고, 나머지를 탐욕 "
        "탐색으로 디코딩해 탐욕 탐색의 번역 옆에 보여 줍니다.",
    },
    "forced_title": {
        "en": "Forced **{token}** at step {t}",
        "ko": "{t}번째 시점에서 **{token}** 강제 선택",
    },
    "forced_original": {"en": "original (greedy)", "ko": "원래 번역 (탐욕)"},
    "forced_result": {"en": "forced", "ko": "강제 선택 후"},
    "forced_same": {
        "en": "This is greedy's own choice: the translation does not change.",
        "ko": "탐욕 탐색이 고른 토큰과 같아서 번역이 바뀌지 않습니다.",
    },
}
