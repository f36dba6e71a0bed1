"""Message wording. The delivery app may store edited templates; until then the defaults apply."""


def template_text(name: str, default: str) -> str:
    return default
