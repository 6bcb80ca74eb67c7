"""Numbers with what they count: `more than 1,300 Israelis`, `10 days`, `50-minute`, `$2 billion`,
`12%`.

The qualifier (`at least`, `more than`, `some`) stays in the fact's text but not in its value, so
`more than 1,300` and `1,300` are one value. Vague words (`thousands`) are not numbers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from tui.core.facts._text import STOPWORDS, family_of

__all__ = [
    "APPROXIMATE",
    "LOWER_BOUND",
    "PEOPLE_NOUNS",
    "NumberMention",
    "NumberValue",
    "find_numbers",
    "format_number",
    "is_people",
    "parse_number_value",
]

_QUALIFIER = re.compile(
    r"(?:\b(?:at least|at most|more than|less than|fewer than|over|under|some|nearly|about|"
    r"around|almost|approximately|roughly|up to|close to|as many as|upwards of|an estimated|"
    r"estimated)\s+)$",
    re.IGNORECASE,
)
# Qualifiers that mean "roughly": a rounded figure under one of them agrees with a precise one.
APPROXIMATE: frozenset[str] = frozenset(
    {
        "some",
        "nearly",
        "about",
        "around",
        "almost",
        "approximately",
        "roughly",
        "close to",
        "an estimated",
        "estimated",
    }
)

# Qualifiers that make a figure a lower bound: "more than 20,000" agrees with "22,500".
LOWER_BOUND: frozenset[str] = frozenset({"at least", "more than", "over", "upwards of"})

_CURRENCY = {"$": "usd", "us$": "usd", "€": "eur", "£": "gbp", "¥": "jpy"}
_SCALE = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
}
_TIME_UNITS = {
    "second": "second",
    "seconds": "second",
    "minute": "minute",
    "minutes": "minute",
    "hour": "hour",
    "hours": "hour",
    "day": "day",
    "days": "day",
    "week": "week",
    "weeks": "week",
    "month": "month",
    "months": "month",
    "year": "year",
    "years": "year",
}

# Numbers written in words, from ten up (`Twenty-nine lives`, `twenty-thousand people`): below
# ten they are ordinary words (`one of the`, `two sides`).
_UNITS = "one two three four five six seven eight nine".split()  # noqa: SIM905
_TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()  # noqa: SIM905
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()  # noqa: SIM905
_WORD_VALUES = {
    **{w: 10 + k for k, w in enumerate(_TEENS)},
    **{w: 20 + 10 * k for k, w in enumerate(_TENS)},
    **{w: 1 + k for k, w in enumerate(_UNITS)},
}
_SPELLED = rf"(?i:(?:{'|'.join(_TENS)})(?:-(?:{'|'.join(_UNITS)}))?|{'|'.join(_TEENS)})"


def spelled_value(text: str) -> int:
    """`Twenty-nine` -> 29, `fifteen` -> 15."""
    return sum(_WORD_VALUES[w] for w in text.lower().split("-"))


_NUMBER = re.compile(
    r"(?<![\w.,/:\-])"
    r"(?P<cur>US\$|\$|€|£|¥)?\s?"
    rf"(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|(?P<spelled>{_SPELLED}\b))"
    r"(?![\d,]\d)(?!\.\d)(?!:\d)"
    r"(?:[\s-]?(?P<scale>million|billion|trillion|thousand|bn|mn)\b)?"
    r"(?P<pct>\s?%|\s(?:percent|per cent)\b)?"
    r"(?:-(?P<hunit>[a-z]+(?:-[a-z]+)?)\b)?"
    r"(?![\w/])"
)
_PLAIN_NOUNS = frozenset({"people", "more", "others", "children", "men", "women"})
_WORD = re.compile(r"[^\W\d_][\w\-’']*")
_GAP = re.compile(r"[ \t]+")
_COUNT_TOKEN = re.compile(r"\d[\d,.]*\d|\d|[^\W\d_][\w’'\-]*|[;:()\[\]—–]|,(?!\d)|(?<=\s)-(?=\s)")


@dataclass(frozen=True, slots=True)
class NumberMention:
    """One number in the text with its qualifier, unit and counted subject.

    `family` is the casualty family of the counting word governing the number (`killed`,
    `injured`, ...), found in the number's own clause. `measure` is what the figure measures:
    the family, `magnitude`, or the stem of the word governing it (`launder` in "laundering $27
    billion"); `counted` is the head noun it counts (`people`, `Israelis`), both possibly empty.
    """

    start: int
    end: int
    number: float
    unit: str
    subject: str
    family: str
    qualifier: str
    measure: str = ""
    counted: str = ""

    @property
    def value(self) -> str:
        return f"num|{format_number(self.number)}|{self.unit}|{self.family}|{self.qualifier}"


def format_number(n: float) -> str:
    """`1300.0` -> `1300`, `2.5` -> `2.5`."""
    return str(int(n)) if n == int(n) else f"{n:g}"


@dataclass(frozen=True, slots=True)
class NumberValue:
    """A number fact's value decoded: the number, its unit, family and qualifier."""

    number: float
    unit: str
    family: str
    qualifier: str


def parse_number_value(value: str) -> NumberValue | None:
    """Decode a number fact's `value` (`num|1300|count|killed|more than`)."""
    parts = value.split("|")
    if len(parts) != 5 or parts[0] != "num":
        return None
    try:
        return NumberValue(float(parts[1]), parts[2], parts[3], parts[4])
    except ValueError:
        return None


def _words_after(text: str, pos: int, limit: int) -> list[re.Match[str]]:
    """Up to `limit` words right after `pos`, stopping at punctuation other than spaces."""
    out: list[re.Match[str]] = []
    while len(out) < limit:
        m = _GAP.match(text, pos)
        gap_end = m.end() if m else pos
        if gap_end == pos and out:
            break
        w = _WORD.match(text, gap_end)
        if not w:
            break
        out.append(w)
        pos = w.end()
    return out


# Words that end a clause: a figure's counting word stands in its own clause (`250 people dead,
# 1,000 people injured`: the 1,000 are injured, not dead). A comma inside a number is no break.
_BREAK = frozenset(";:()[]—–,-")
# How far (in words) the counting word may stand from its figure inside the clause: "the death
# toll from the earthquake in central Italy has grown to more than 150".
_FAMILY_WINDOW = 15
# A conjunction joins two clauses, each with its own counting word: `20,000 were killed and
# over 40,000 others are still missing`.
_CONJUNCTIONS = frozenset({"and", "or", "but", "while", "whereas", "as"})
# Across clause breaks (a list of nouns), the counting word must stand this close.
_LIST_WINDOW = 6
_NUMBER_OF_WINDOW = 5
_COUNTED_WINDOW = 4
_MAGNITUDE = frozenset({"magnitude", "richter"})
_MAGNITUDE_WINDOW = 3
# Words that give no measure when they govern a figure: qualifiers, scales and currency words.
_NOT_PREDICATE = frozenset(
    """least most more than less fewer over under some nearly about around almost
    approximately roughly up close many upwards estimated estimate an total totalling
    totaling million billion trillion thousand hundred dollars euros pounds""".split()  # noqa: SIM905
)
_PREDICATE_WINDOW = 3
# Verbs that report or total a figure say nothing about what it measures (`has reported 7
# confirmed cases`, `stands at 20`, `has risen to 65`).
_REPORTING = frozenset(
    """report reported reports reporting stand stands stood standing put puts putting reach
    reached reaches reaching rise rises rose risen rising climb climbs climbed climbing total
    totals totaled totalled include includes included including estimate estimated estimates
    confirm confirmed confirms count counted counts number numbered numbers tally record
    recorded records top tops topped pass passed passes near nears neared exceed exceeds
    exceeded hit hits grow grows grew grown increase increased decrease decreased""".split()  # noqa: SIM905
)
_HOMES = frozenset({"home", "homes", "shelter", "housing"})


def _token_family(tokens: Sequence[str], i: int) -> str:
    """The family of token `i`, reading `without homes` as displaced."""
    w = tokens[i].strip("’'").lower()
    fam = family_of(w)
    if fam:
        return fam
    if w in _HOMES and i > 0 and tokens[i - 1].lower() == "without":
        return "displaced"
    return ""


# Vague quantities stand for a figure of their own: `tens of thousands of people are injured`
# are not the 20,000 dead before them.
_VAGUE = frozenset("dozens hundreds thousands millions tens scores".split())  # noqa: SIM905


def _is_number(token: str) -> bool:
    return token[:1].isdigit() or token.lower() in _VAGUE


def _is_figure(tokens: Sequence[str], i: int) -> bool:
    """A figure that ends a search for a counting word: a number, unless it is a magnitude
    (`the death toll from the 7.6 magnitude earthquake has passed 20,000`), or a vague one."""
    if not _is_number(tokens[i]):
        return False
    near = {t.lower() for t in tokens[max(0, i - 1) : i + 2]}
    return not (near & _MAGNITUDE)


def _clause_family(tokens: Sequence[str], index: int, end_index: int, window: int) -> str:
    """The family of the counting word nearest to the figure at `tokens[index:end_index]`,
    within its clause (no break, conjunction or other figure between them) and `window`
    words; on a tie, the word after."""
    best, best_dist = "", window + 1
    for step, stop in ((1, len(tokens)), (-1, -1)):
        i = end_index if step == 1 else index - 1
        while i != stop:
            tok = tokens[i]
            if tok in _BREAK or tok.lower() in _CONJUNCTIONS or _is_figure(tokens, i):
                break
            dist = i - end_index + 1 if step == 1 else index - i
            if dist >= best_dist:
                break
            fam = _token_family(tokens, i)
            if fam:
                best, best_dist = fam, dist
                break
            i += step
    return best


def _sentence_family(tokens: Sequence[str], index: int, end_index: int) -> str:
    """The family of the counting word nearest the figure across clause breaks, within
    `_LIST_WINDOW` content words and up to another figure (`at least 30 men, women and children
    dead`; `(100 of them seriously)` after `1,000 injured`)."""
    best, best_dist = "", _LIST_WINDOW + 1
    for step, stop in ((1, len(tokens)), (-1, -1)):
        i = end_index if step == 1 else index - 1
        dist = 0
        while i != stop:
            tok = tokens[i]
            if _is_figure(tokens, i):
                break
            if tok not in _BREAK and tok.lower() not in STOPWORDS:
                dist += 1
                if dist >= best_dist:
                    break
                fam = _token_family(tokens, i)
                if fam:
                    best, best_dist = fam, dist
                    break
            i += step
    return best


def _number_of(tokens: Sequence[str], index: int) -> str:
    """What `the number of X ... stands at N` counts: X's plural noun (`cases`), or a
    counting word (`dead`), found in the figure's clause before it; empty when none."""
    for i in range(index - 1, 0, -1):
        tok = tokens[i]
        if tok in _BREAK or _is_number(tok):
            return ""
        if tok.lower() == "of" and tokens[i - 1].lower() in ("number", "numbers", "count", "tally"):
            for w in tokens[i + 1 : min(index, i + 1 + _NUMBER_OF_WINDOW)]:
                low = w.lower()
                if w in _BREAK or low in STOPWORDS:
                    break
                if family_of(low) or (low.endswith("s") and w[:1].islower()):
                    return w
            return ""
    return ""


# Nouns for groups of people: what a casualty count may count.
PEOPLE_NOUNS = frozenset(
    """people persons others individuals those civilians children adults women men boys girls
    babies infants residents citizens soldiers troops fighters militants gunmen police
    policemen officers protesters demonstrators journalists workers patients students victims
    migrants refugees hostages prisoners detainees passengers pilgrims miners employees staff
    members voters visitors tourists teenagers elderly inhabitants villagers settlers doctors
    nurses more""".split()  # noqa: SIM905
)
_PEOPLE_ENDINGS = ("ers", "ists", "ians", "ans", "ees")


def is_people(noun: str) -> bool:
    """Whether a counted noun counts people: `civilians`, `Israelis` (a capitalised demonym),
    `firefighters` (a `-ers`/`-ists`/`-ians` agent noun)."""
    low = noun.lower()
    return low in PEOPLE_NOUNS or noun[:1].isupper() or low.endswith(_PEOPLE_ENDINGS)


def _counted(text: str, pos: int) -> str:
    """The plural noun a figure counts, among the few words after it (`18 laboratory
    confirmed human cases` -> `cases`), or an empty string."""
    for w in _words_after(text, pos, _COUNTED_WINDOW):
        word = w.group()
        low = word.lower()
        if low in STOPWORDS and low != "more":
            return ""
        if family_of(low):
            return ""
        if low in _PLAIN_NOUNS or (low.endswith("s") and not low.endswith("ss")):
            return word
    return ""


def _paid_for(text: str, pos: int) -> str:
    """What a sum is of or for: the noun after `in`/`of`/`for` (`$2 billion in military aid`
    -> `aid`, `$27 billion in proceeds` -> `proceeds`), or an empty string."""
    words = [w.group() for w in _words_after(text, pos, 3)]
    if not words or words[0].lower() not in ("in", "of", "for"):
        return ""
    noun = ""
    for word in words[1:]:
        if word.lower() in STOPWORDS or not word[:1].islower():
            break
        noun = word
    return noun


def _near_word(tokens: Sequence[str], index: int, end_index: int, words: frozenset[str]) -> bool:
    lo = max(0, index - _MAGNITUDE_WINDOW)
    hi = min(len(tokens), end_index + _MAGNITUDE_WINDOW)
    return any(t.lower() in words for t in tokens[lo:hi])


def _verb_stem(word: str) -> str:
    w = word.lower().strip("’'")
    for suf in ("ing", "ed", "es", "s"):
        if len(w) - len(suf) >= 4 and w.endswith(suf):
            return w[: -len(suf)]
    return w


def _predicate(tokens: Sequence[str], index: int) -> str:
    """The stem of the content word governing the figure: the nearest lower-case word before
    it in its clause (`laundering about $25 billion` -> `launder`), or an empty string."""
    for i in range(index - 1, max(-1, index - 1 - _PREDICATE_WINDOW), -1):
        tok = tokens[i]
        if tok in _BREAK or _is_number(tok):
            return ""
        low = tok.lower()
        if low in STOPWORDS or low in _NOT_PREDICATE or low in _REPORTING:
            continue
        return _verb_stem(tok) if tok[:1].islower() and len(tok) > 3 else ""
    return ""


def find_numbers(
    text: str,
    start: int = 0,
    end: int | None = None,
    *,
    skip: Sequence[tuple[int, int]] = (),
) -> list[NumberMention]:
    """Numbers in `text[start:end]` with their qualifier, unit, subject and family.

    Args:
        text: The whole article text (offsets are into it).
        start: Where the sentence starts.
        end: Where it ends (default: end of text).
        skip: Spans already taken by dates or credits; numbers inside them are ignored.

    Returns:
        Mentions in order. A bare year (`2019`) is not a number fact.
    """
    end = len(text) if end is None else end
    region = text[start:end]
    # The sentence's words, listed once it turns out to hold a number (most hold none).
    words: list[tuple[int, str]] | None = None
    tokens: list[str] = []
    out: list[NumberMention] = []
    for m in _NUMBER.finditer(region):
        s, e = m.start() + start, m.end() + start
        if any(a < e and s < b for a, b in skip):
            continue
        raw = m.group("num").replace(",", "")
        try:
            number = float(spelled_value(raw) if m.group("spelled") else raw)
        except ValueError:
            continue
        scale = m.group("scale")
        if scale:
            number *= _SCALE[scale.lower()]
        cur = m.group("cur")
        hunit = (m.group("hunit") or "").lower()
        is_year = (
            not cur
            and not scale
            and not m.group("pct")
            and "," not in m.group("num")
            and "." not in m.group("num")
            and 1900 <= number <= 2100
        )
        subject_words: list[str] = []
        fact_end = e
        if m.group("pct"):
            unit = "pct"
        elif cur:
            unit = _CURRENCY[cur.lower()]
        elif hunit:
            unit = _TIME_UNITS.get(hunit.split("-")[0], hunit.split("-")[0])
        else:
            unit = "count"
            for w in _words_after(text, e, 2):
                low = w.group().lower()
                if low in STOPWORDS and low != "more":
                    break
                if subject_words and family_of(low):
                    break  # `people died`: the verb is the family, not the subject
                subject_words.append(w.group())
                fact_end = w.end()
                # One noun, or an adjective and its noun (`Russian citizens`), never an adverb
                # after a plural noun (`Israelis overnight`).
                if low in _TIME_UNITS or family_of(low) or low in _PLAIN_NOUNS or low.endswith("s"):
                    break
            if subject_words and subject_words[0].lower() in _TIME_UNITS:
                unit = _TIME_UNITS[subject_words[0].lower()]
        if is_year and unit == "count" and not subject_words:
            continue
        if is_year and subject_words and subject_words[0][:1].isupper():
            continue
        q = _QUALIFIER.search(text, max(start, s - 25), s)
        fact_start = q.start() if q else s
        qualifier = " ".join(q.group().lower().split()) if q else ""
        # The counting word nearest to the number in its clause decides the family
        # (killed/injured/...).
        if words is None:
            words = [(w.start() + start, w.group()) for w in _COUNT_TOKEN.finditer(region)]
            tokens = [w for _, w in words]
        idx = next((i for i, (ws, _) in enumerate(words) if ws >= s), len(words))
        end_idx = next((i for i, (ws, _) in enumerate(words) if ws >= e), len(words))
        end_idx = max(end_idx, idx + 1)
        number_of = ""
        if _near_word(tokens, idx, end_idx, _MAGNITUDE):
            family, measure = "", "magnitude"
        else:
            # A sum, a share or a duration counts no casualties (`lost $5 billion`); a count is
            # governed from afar ("the death toll ... has grown to more than 150").
            family = family_of(hunit) or (
                _clause_family(tokens, idx, end_idx, _FAMILY_WINDOW) if unit == "count" else ""
            )
            number_of = _number_of(tokens, idx) if unit == "count" and not subject_words else ""
            if not family and number_of:
                family = family_of(number_of)
            if not family and unit == "count":
                family = _sentence_family(tokens, idx, end_idx)
            measure = family or _predicate(tokens, idx)
        counted = (
            (_counted(text, e) if unit == "count" and not cur else "")
            or (_paid_for(text, e) if cur else "")
            or next(
                (w for w in reversed(subject_words) if not family_of(w) and w.lower() != "more"), ""
            )
            or ("" if family_of(number_of) else number_of)
        )
        if family and counted and not is_people(counted) and not family_of(hunit):
            # Casualty words count people: `26 confirmed cases of swine flu, including seven
            # deaths` counts cases, not deaths.
            family = ""
            measure = _predicate(tokens, idx)
        out.append(
            NumberMention(
                start=fact_start,
                end=fact_end,
                number=number,
                unit=unit,
                subject=" ".join(subject_words),
                family=family,
                qualifier=qualifier,
                measure=measure,
                counted=counted,
            )
        )
    return out
