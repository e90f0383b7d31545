"""The field types records are made of: ids, names, amounts, currencies, roles, and `ref()`,
which declares that a field names other records."""


import re
import types
import typing
from decimal import Decimal
from typing import Annotated, Literal, NamedTuple

from pydantic import AfterValidator, BeforeValidator, Field, PlainSerializer, StringConstraints

from wpskosovo.model.currencies import ISO_4217
from wpskosovo.model.dates import PartialDate
from wpskosovo.model.words import ID, PILLARS


def members(annotation) -> list:
    """The types a field's value may be: its annotation without its Annotated metadata, and of
    a union (`X | None`) each member but None. The one walk over annotations that the store,
    the queries and the record's own helpers read types with."""
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return [m for a in typing.get_args(annotation) if a is not type(None) for m in members(a)]
    return [annotation]

Id = Annotated[str, StringConstraints(pattern=f"^{ID.pattern}$")]
Text = Annotated[str, StringConstraints(min_length=1)]
LANG_PATTERN = r"^[a-z]{2,3}$"
Lang = Annotated[str, StringConstraints(pattern=LANG_PATTERN)]
Names = dict[Lang, Text]


def _currency(code: str) -> str:
    if code not in ISO_4217:
        raise ValueError(f"unknown currency code {code!r} (expected an ISO 4217 code such as EUR, USD)")
    return code


Currency = Annotated[str, AfterValidator(_currency)]

_AMOUNT = re.compile(r"[0-9]+(\.[0-9]+)?")


def _amount(value):
    """Exact amounts only: an integer or a plain decimal string ("937500", "12.50").

    A TOML float is refused (it may already have lost digits); so are exponents and "_".
    """
    if isinstance(value, bool) or isinstance(value, float):
        raise ValueError('write the amount as an integer or a string such as "937500.50", not a float')
    if isinstance(value, int) and not -10**30 < value < 10**30 or isinstance(value, str) and len(value) > 40:
        raise ValueError("not an amount: too many digits")
    if isinstance(value, str) and value.startswith("-") and _AMOUNT.fullmatch(value[1:]):
        raise ValueError(f"not an amount: {value!r} (an amount is never negative, nor minus zero)")
    if isinstance(value, str) and not _AMOUNT.fullmatch(value):  # nothing around the digits, not even a space
        raise ValueError(f'not an amount: {value!r} (write digits, optionally with a decimal point: "937500.50")')
    return value


def digits(value: Decimal, grouped: bool = False) -> str:
    """An amount as written: its digits, never an exponent ("0.0000001", not "1E-7");
    `grouped` by thousands for people ("937,500")."""
    return format(value, ",f" if grouped else "f")


Amount = Annotated[Decimal, BeforeValidator(_amount), Field(ge=0, allow_inf_nan=False),
                   PlainSerializer(digits, return_type=str, when_used="json")]
# The four pillars of UNSCR 1325, as national action plans report by them (words.PILLARS).
Pillar = Literal["participation", "protection", "prevention", "relief and recovery"]
assert set(typing.get_args(Pillar)) == set(PILLARS)
Gender = Literal["woman", "man"]  # what a document states of a person; unknown is None
OrgType = Literal["ngo", "network", "government", "ministry", "agency", "municipality", "police",
                  "military", "judiciary", "legislature", "international", "fund", "research",
                  "media", "unit", "group", "other"]
# What a source document is, as a citation names it.
DocType = Literal["news-item", "programme-description", "project-page", "report", "web-page", "other"]
# IATI's organisation roles, plus "partner" and "beneficiary" (an organization the work supports).
IatiRole = Literal["funding", "accountable", "extending", "implementing", "partner", "beneficiary"]


class Ref(NamedTuple):
    """Declares a field that holds the id of another record (or a tuple of them): the kinds it
    may name and the target's role. `role_from` names a field of a list item whose value is the
    role (a participant's `role`, a person's role `title`), `role` being the default."""

    kinds: tuple[str, ...]
    role: str
    role_from: str | None = None


def ref(*kinds: str, role: str, role_from: str | None = None) -> Ref:
    return Ref(kinds, role, role_from)


def _release_number(text: str) -> str:
    if not re.fullmatch(r"[0-9]+(\.[0-9]+)*", text):
        raise ValueError(f"{text!r} is not a release number: write numbers joined by dots, such as 1.0 or 2.1.3")
    return text


def _a_day(date: PartialDate) -> PartialDate:
    if date.day is None or date.uncertain:
        raise ValueError(f"give the day (YYYY-MM-DD), not {date}")
    return date


ReleaseNumber = Annotated[str, AfterValidator(_release_number)]
Day = Annotated[PartialDate, AfterValidator(_a_day)]  # a date known to the day
