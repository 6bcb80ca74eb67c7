"""Generic English word knowledge for the aligner: synonyms, spellings, acronyms, demonyms.

Outlets rewrite each other: one says "killed", another "died"; "truce" for "ceasefire";
"U.N." for "United Nations"; "Iranian" for "Iran"; British "normalise" for "normalize". The
aligner compares sentences on word stems, so these variants would otherwise look unrelated.

Everything here is general news vocabulary, chosen for meaning, never for a particular story.
Groups are deliberately narrow: mapping broad topic words together ("war", "conflict") would
make unrelated sentences on the same subject look alike, which costs more than it gains.
"""

from __future__ import annotations

import re

__all__ = [
    "DEMONYM_SUFFIXES",
    "IRREGULAR_DEMONYMS",
    "MONTHS",
    "NUMBER_WORDS",
    "SYNONYM_GROUPS",
    "WEEKDAYS",
    "american_spelling",
    "expand_phrases",
]

# Each group: words reporting the same thing in news text. The first word names the group.
# Surface forms are listed; the aligner stems them with its own stemmer.
SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    # casualties
    (
        "kill",
        "killed",
        "killing",
        "kills",
        "die",
        "died",
        "dies",
        "dying",
        "dead",
        "death",
        "deaths",
        "slain",
        "slaughter",
        "slaughtered",
        "perish",
        "perished",
        "fatalities",
        "fatality",
    ),
    (
        "injure",
        "injured",
        "injuries",
        "injury",
        "injuring",
        "wounded",
        "wounding",
        "wounds",
        "hurt",
    ),
    ("hit", "hits", "struck"),
    # help and its nouns
    ("help", "helped", "helping", "assist", "assisted", "assistance", "aid", "aided"),
    ("ceasefire", "truce", "armistice"),
    (
        "attack",
        "attacks",
        "attacked",
        "assault",
        "assaults",
        "onslaught",
        "incursion",
        "incursions",
        "invasion",
        "invade",
        "invaded",
        "raid",
        "raids",
    ),
    ("bombing", "bombings", "bombed", "bombardment", "airstrike", "airstrikes", "shelling"),
    ("missile", "missiles", "rocket", "rockets"),
    ("earthquake", "earthquakes", "quake", "quakes", "temblor", "tremor", "tremors"),
    ("militant", "militants", "fighters", "gunmen", "terrorists", "insurgents"),
    # talking to someone
    (
        "talk",
        "talks",
        "talked",
        "spoke",
        "speak",
        "speaks",
        "speaking",
        "conversation",
        "conversations",
        "phoned",
        "phone",
    ),
    ("inform", "informed", "informing", "brief", "briefed", "briefing", "apprised"),
    ("meet", "met", "meeting", "meetings"),
    ("express", "expressed", "expressing", "voiced", "conveyed", "offered", "offer"),
    ("condolence", "condolences", "sympathies", "commiserations"),
    ("concern", "concerns", "concerned", "worry", "worries", "worried", "fears", "feared"),
    ("want", "wants", "wanted", "wish", "willing", "willingness", "ready", "readiness", "eager"),
    ("seek", "seeks", "sought", "seeking", "try", "tries", "tried", "trying", "attempt"),
    ("prevent", "prevented", "preventing", "avert", "averted", "averting", "forestall"),
    ("disaster", "disasters", "catastrophe", "catastrophes", "calamity"),
    (
        "criticize",
        "criticized",
        "criticism",
        "condemn",
        "condemned",
        "condemnation",
        "denounce",
        "denounced",
        "blast",
        "blasted",
        "slam",
        "slammed",
        "rebuke",
        "rebuked",
    ),
    ("spread", "spreading", "expand", "expanded", "expanding", "widen", "widening"),
    ("shown", "show", "showed", "seen"),
    ("release", "released", "releasing", "free", "freed", "freeing"),
    ("kidnap", "kidnapped", "kidnapping", "abduct", "abducted", "abduction"),
    ("leader", "leaders", "chief", "chiefs"),
    ("increase", "increased", "rise", "rises", "rose", "risen", "climb", "climbed", "surged"),
    ("decrease", "decreased", "decline", "declined", "drop", "dropped"),
    ("evacuate", "evacuated", "evacuation", "evacuating", "displaced"),
    ("urge", "urged", "urges", "urging"),
    ("end", "ended", "ending", "ends", "stop", "stopped", "halt", "halted"),
    ("pledge", "pledged", "promise", "promised", "vow", "vowed"),
    ("expect", "expected", "likely", "anticipated", "forecast"),
    ("forecaster", "forecasters", "meteorologist", "meteorologists"),
    ("rescuer", "rescuers", "rescue"),
    ("ignore", "ignored", "neglect", "neglected", "neglecting", "disregarded"),
    ("large", "big", "huge", "massive"),
    # month abbreviations ("Oct. 7" = "October 7")
    ("january", "jan"),
    ("february", "feb"),
    ("march", "mar"),
    ("april", "apr"),
    ("august", "aug"),
    ("september", "sept", "sep"),
    ("october", "oct"),
    ("november", "nov"),
    ("december", "dec"),
)

# Counts written as words ("twelve miners" = "12 miners"). "one" is left out: it is mostly a
# pronoun ("one of the leaders").
NUMBER_WORDS: dict[str, str] = {
    word: str(value)
    for value, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
    if value >= 2
} | {"thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "seventy": "70"}
NUMBER_WORDS |= {"eighty": "80", "ninety": "90", "dozen": "12"}

# Days and months: two sentences naming different ones usually report different events.
WEEKDAYS: frozenset[str] = frozenset(
    ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
)
MONTHS: frozenset[str] = frozenset(
    (
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    )
)

# Multi-word expressions written as one token by other outlets (matched case-insensitively).
_PHRASES: dict[str, str] = {
    "united nations": "UN",
    "united states": "US",
    "united kingdom": "UK",
    "european union": "EU",
    "prime minister": "PM",
    "cease fire": "ceasefire",
    "air strike": "airstrike",
    "air strikes": "airstrike",
    "death toll": "deaths",
    "call for": "urged",
    "calls for": "urged",
    "called for": "urged",
    "calling for": "urged",
}
_PHRASE = re.compile(
    r"\b(?:" + "|".join(p.replace(" ", r"[\s-]+") for p in _PHRASES) + r")\b", re.IGNORECASE
)
_FIRST_WORDS = tuple(sorted({p.split(" ")[0] for p in _PHRASES}))
# "U.S." / "U.N." / "E.U.": single letters with dots, written as an acronym.
_DOTTED = re.compile(r"\b((?:[A-Za-z]\.){2,})(?![A-Za-z])")
_DOT_LETTER_DOT = re.compile(r"\.[A-Za-z]\.")


def _phrase(match: re.Match[str]) -> str:
    return _PHRASES[" ".join(re.split(r"[\s-]+", match.group(0).casefold()))]


def expand_phrases(text: str) -> str:
    """Rewrite multi-word expressions and dotted acronyms to one common token.

    Args:
        text: A sentence (any case).

    Returns:
        The text with `United Nations` -> `UN`, `U.S.` -> `US`, `cease-fire` -> `ceasefire`...
    """
    # `.U.` stands in every dotted acronym; found by its literal dot, it costs far less than
    # trying the acronym pattern at every position.
    if _DOT_LETTER_DOT.search(text):
        text = _DOTTED.sub(lambda m: m.group(1).replace(".", "") + " ", text)
    # Most sentences hold no phrase: an ASCII text without any phrase's first word cannot match
    # (for ASCII, `lower()` is exactly the pattern's case-insensitivity), and the substring
    # tests cost far less than running the pattern at every position.
    if text.isascii():
        low = text.lower()
        if not any(first in low for first in _FIRST_WORDS):
            return text
    return _PHRASE.sub(_phrase, text)


# British -> American spellings, applied to a casefolded word before stemming: both sides get
# the same rewrite, so a rare accidental collision costs nothing.
_SPELLINGS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), repl)
    for pattern, repl in (
        (r"(?<=\w{3})is(e|ed|es|ing|ation|ations)$", r"iz\1"),
        (r"(?<=\w{2})ys(e|ed|es|ing)$", r"yz\1"),
        (r"(?<=\w{3})our(s|ed|ing|able)?$", r"or\1"),
        (r"(?<=\w{3})tre(s)?$", r"ter\1"),
        (r"(?<=\w{3})ence(s)?$", r"ense\1"),
    )
)


def american_spelling(word: str) -> str:
    """`normalise` -> `normalize`, `labour` -> `labor`, `centre` -> `center`, `defence`....

    Args:
        word: A casefolded word of more than four letters.

    Returns:
        The word in American spelling (unchanged when no rule applies).
    """
    for pattern, repl in _SPELLINGS:
        new = pattern.sub(repl, word)
        if new != word:
            return new
    return word


# Suffixes that turn a place into its people or adjective (Iran -> Iranian, Israel -> Israeli,
# Syria -> Syrian, China -> Chinese). The aligner only applies them when the base form is a
# capitalised word of the same documents.
DEMONYM_SUFFIXES: tuple[str, ...] = ("ian", "ese", "ish", "an", "n", "i")

# Demonyms no suffix rule recovers.
IRREGULAR_DEMONYMS: dict[str, str] = {
    "british": "britain",
    "briton": "britain",
    "britons": "britain",
    "french": "france",
    "spanish": "spain",
    "dutch": "netherlands",
    "swiss": "switzerland",
    "polish": "poland",
    "danish": "denmark",
    "swedish": "sweden",
    "finnish": "finland",
    "norwegian": "norway",
    "greek": "greece",
    "welsh": "wales",
    "scottish": "scotland",
    "irish": "ireland",
    "lebanese": "lebanon",
    "afghan": "afghanistan",
    "afghans": "afghanistan",
    "filipino": "philippines",
    "filipinos": "philippines",
    "cypriot": "cyprus",
    "turkish": "turkey",
    "turks": "turkey",
    "peruvian": "peru",
    "kiwi": "zealand",
}
