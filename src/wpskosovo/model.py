"""The typed core records: one frozen Pydantic model per record kind.

A TOML file holds one array of tables per kind (`[[project]]`, `[[event]]`, ...); `DataFile`
validates a whole parsed file in one pass, so an error's location (kind, index, field, ...)
maps straight back to a table and a key, and so to a line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Annotated, ClassVar, Literal, NamedTuple

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, model_validator

from wpskosovo.currencies import ISO_4217
from wpskosovo.dates import PartialDate
from wpskosovo.parse import ID

Id = Annotated[str, StringConstraints(pattern=f"^{ID.pattern}$")]
Text = Annotated[str, StringConstraints(min_length=1)]
Lang = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")]
Names = dict[Lang, Text]


def _currency(code: str) -> str:
    if code not in ISO_4217:
        raise ValueError(f"unknown currency code {code!r} (expected an ISO 4217 code such as EUR, USD)")
    return code


Currency = Annotated[str, AfterValidator(_currency)]

_AMOUNT = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def _amount(value):
    """Exact amounts only: an integer or a plain decimal string ("937500", "12.50").

    A TOML float is refused (it may already have lost digits); so are exponents and "_".
    """
    if isinstance(value, bool) or isinstance(value, float):
        raise ValueError('write the amount as an integer or a string such as "937500.50", not a float')
    if isinstance(value, int) and not -10**30 < value < 10**30 or isinstance(value, str) and len(value) > 40:
        raise ValueError("not an amount: too many digits")
    if isinstance(value, str) and not _AMOUNT.fullmatch(value.strip()):
        raise ValueError(f'not an amount: {value!r} (write digits, optionally with a decimal point: "937500.50")')
    return value


Amount = Annotated[Decimal, BeforeValidator(_amount), Field(ge=0, allow_inf_nan=False)]
OrgType = Literal["ngo", "network", "government", "ministry", "agency", "municipality", "police",
                  "military", "judiciary", "legislature", "international", "fund", "research",
                  "media", "unit", "other"]
# IATI's organisation roles, plus "partner" and "beneficiary" (an organization the work supports).
IatiRole = Literal["funding", "accountable", "extending", "implementing", "partner", "beneficiary"]


class Link(NamedTuple):
    """A reference from one record to another: where it sits, what it points at, what it means."""

    path: tuple  # location of the reference inside the record, e.g. ("participants", 0, "org")
    target: str
    kinds: tuple[str, ...]  # the kinds the target may be
    role: str  # how the target takes part, e.g. "implementing", "organizer", "donor"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Evidence(Strict):
    source: Id
    quote: Annotated[str, StringConstraints(min_length=1, max_length=300)]


class Record(Strict):
    kind: ClassVar[str]
    plural: ClassVar[str]
    id: Id
    notes: str | None = None

    def get(self, field: str, default=None):
        """A field any kind may lack, read directly: getattr on a missing field is slow in Pydantic."""
        return self.__dict__.get(field, default)

    @property
    def label(self) -> str:
        return self.__dict__.get("name") or self.__dict__.get("title") or self.id

    def links(self) -> Iterator[Link]:
        return iter(())

    def is_inferred(self, link: Link) -> bool:
        """Whether the sources imply a link without stating it: its whole field is marked in
        `inferred`, or its one entry of a list ("participants.2")."""
        inferred = self.get("inferred", {})
        return link.path[0] in inferred or ".".join(map(str, link.path[:2])) in inferred

    def span(self) -> tuple[PartialDate | None, PartialDate | None]:
        """The record's date or period, for sorting and filtering; (None, None) when undated."""
        return None, None

    def other_names(self) -> list[str]:
        return [*self.get("names", {}).values(), *self.get("acronyms", ()), *self.get("aliases", ())]


class Evidenced(Record):
    sources: tuple[Evidence, ...] = Field(min_length=1)
    inferred: dict[str, Text] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _inferred_fields_exist(self):
        for key in self.inferred:
            if key.split(".")[0] not in type(self).model_fields:
                raise ValueError(f"inferred names {key!r}, which is not a field of a {self.kind}")
        return self


class Titled(Evidenced):
    """The kinds known by a title: in English, `translated` when the title is ours."""

    title: Text
    names: Names = Field(default_factory=dict)
    translated: bool = False


class Participant(Strict):
    person: Id | None = None
    org: Id | None = None
    role: str | None = None

    @model_validator(mode="after")
    def _one_of(self):
        if (self.person is None) == (self.org is None):
            raise ValueError("a participant names either a person or an org, not both or neither")
        return self


def _one_date_form(record):
    if record.date and (record.start or record.end):
        raise ValueError("give either date or start/end, not both")
    return record


def _participant_links(field: str, participants: list[Participant]) -> Iterator[Link]:
    for i, p in enumerate(participants):
        if p.person:
            yield Link((field, i, "person"), p.person, ("person",), p.role or "participant")
        elif p.org:
            yield Link((field, i, "org"), p.org, ("organization",), p.role or "participant")


def _many(field: str, ids: list[str], kinds: tuple[str, ...], role: str) -> Iterator[Link]:
    for i, target in enumerate(ids):
        yield Link((field, i), target, kinds, role)


class Source(Record):
    kind = "source"
    plural = "sources"
    title: Text
    names: Names = Field(default_factory=dict)
    translated: bool = False
    publisher: tuple[Id, ...] = ()
    language: Lang
    file: Text
    date: PartialDate | None = None
    url: str | None = None
    inferred: dict[str, Text] = Field(default_factory=dict)

    def links(self):
        yield from _many("publisher", self.publisher, ("organization",), "publisher")

    def span(self):
        return self.date, self.date


class Place(Record):
    """A place the records name, with every form users may type (English, Albanian, Serbian).

    The forms are reference data, not claims of the documents: `names` and `aliases` are marked
    so in `inferred`; evidence, where given, quotes a document's own spelling of the place.
    """

    kind = "place"
    plural = "places"
    name: Text
    names: Names = Field(default_factory=dict)
    aliases: tuple[Text, ...] = ()
    type: Literal["country", "territory", "region", "municipality", "city", "other"] | None = None
    within: Id | None = None
    sources: tuple[Evidence, ...] = ()
    inferred: dict[str, Text] = Field(default_factory=dict)

    def links(self):
        if self.within:
            yield Link(("within",), self.within, ("place",), "within")


def _place(field: str, place: str | None) -> Iterator[Link]:
    if place:
        yield Link((field,), place, ("place",), "place")


class Organization(Evidenced):
    kind = "organization"
    plural = "organizations"
    name: Text
    names: Names = Field(default_factory=dict)
    translated: bool = False
    acronyms: tuple[Text, ...] = ()
    aliases: tuple[Text, ...] = ()
    type: OrgType | None = None
    country: str | None = None
    place: Id | None = None
    founded: PartialDate | None = None
    parent: Id | None = None
    member_of: tuple[Id, ...] = ()
    founders: tuple[Id, ...] = ()
    description: str | None = None

    def links(self):
        if self.parent:
            yield Link(("parent",), self.parent, ("organization",), "parent")
        yield from _many("member_of", self.member_of, ("organization",), "member")
        yield from _many("founders", self.founders, ("organization",), "founder")
        yield from _place("place", self.place)

    def span(self):
        return self.founded, self.founded


class Role(Strict):
    org: Id | None = None
    title: Text
    names: Names = Field(default_factory=dict)
    translated: bool = False
    start: PartialDate | None = None
    end: PartialDate | None = None


class Person(Evidenced):
    kind = "person"
    plural = "people"
    name: Text
    names: Names = Field(default_factory=dict)
    aliases: tuple[Text, ...] = ()
    roles: tuple[Role, ...] = ()
    description: str | None = None

    def links(self):
        for i, role in enumerate(self.roles):
            if role.org:
                yield Link(("roles", i, "org"), role.org, ("organization",), role.title)


class ProjectParticipant(Strict):
    org: Id
    role: IatiRole


class Project(Titled):
    kind = "project"
    plural = "projects"
    acronyms: tuple[Text, ...] = ()
    aliases: tuple[Text, ...] = ()
    type: Literal["programme", "project", "phase", "campaign"] | None = None
    parent: Id | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    when: str | None = None
    status: str | None = None
    countries: tuple[Text, ...] = ()
    places: tuple[Id, ...] = ()
    participants: tuple[ProjectParticipant, ...] = ()
    established: tuple[Id, ...] = ()  # organizations the work created or helped create
    description: str | None = None

    def links(self):
        if self.parent:
            yield Link(("parent",), self.parent, ("project",), "parent")
        for i, p in enumerate(self.participants):
            yield Link(("participants", i, "org"), p.org, ("organization",), p.role)
        yield from _many("established", self.established, ("organization",), "established")
        yield from _many("places", self.places, ("place",), "place")

    def span(self):
        return self.start, self.end


class Event(Titled):
    kind = "event"
    plural = "events"
    type: Literal["meeting", "panel", "conference", "workshop", "training", "launch", "campaign",
                  "visit", "ceremony", "survey", "advocacy", "other"] | None = None
    date: PartialDate | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    when: str | None = None
    place: Id | None = None
    project: Id | None = None
    organizers: tuple[Id, ...] = ()
    participants: tuple[Participant, ...] = ()
    description: str | None = None

    @model_validator(mode="after")
    def _date_or_period(self):
        return _one_date_form(self)

    def links(self):
        if self.project:
            yield Link(("project",), self.project, ("project",), "project")
        yield from _many("organizers", self.organizers, ("organization",), "organizer")
        yield from _participant_links("participants", self.participants)
        yield from _place("place", self.place)

    def span(self):
        return (self.date, self.date) if self.date else (self.start, self.end)


class Publication(Titled):
    kind = "publication"
    plural = "publications"
    type: Literal["report", "book", "study", "article", "other"] | None = None
    publishers: tuple[Id, ...] = ()
    authors: tuple[Id, ...] = ()
    date: PartialDate | None = None
    edition: str | None = None
    project: Id | None = None
    participants: tuple[Participant, ...] = ()  # who else took part, e.g. supported its preparation
    description: str | None = None

    def links(self):
        yield from _many("publishers", self.publishers, ("organization",), "publisher")
        yield from _many("authors", self.authors, ("person",), "author")
        yield from _participant_links("participants", self.participants)
        if self.project:
            yield Link(("project",), self.project, ("project",), "project")

    def span(self):
        return self.date, self.date


class Policy(Titled):
    kind = "policy"
    plural = "policies"
    acronyms: tuple[Text, ...] = ()
    aliases: tuple[Text, ...] = ()
    type: Literal["law", "strategy", "action-plan", "resolution", "convention", "constitution",
                  "programme", "regulation", "manual", "other"] | None = None
    status: str | None = None
    adopted: PartialDate | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    responsible: tuple[Id, ...] = ()
    participants: tuple[Participant, ...] = ()
    project: Id | None = None
    description: str | None = None

    def links(self):
        yield from _many("responsible", self.responsible, ("organization",), "responsible")
        yield from _participant_links("participants", self.participants)
        if self.project:
            yield Link(("project",), self.project, ("project",), "project")

    def span(self):
        return (self.adopted, self.adopted) if self.adopted else (self.start, self.end)


class Funding(Evidenced):
    kind = "funding"
    plural = "funding"
    donors: tuple[Id, ...] = Field(min_length=1)
    recipient: Id | None = None
    project: Id | None = None
    amount: Amount | None = None
    currency: Currency | None = None
    date: PartialDate | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    intermediary: Id | None = None
    type: Literal["commitment", "disbursement", "budget", "expenditure"] | None = None
    description: str | None = None

    @model_validator(mode="after")
    def _amount_has_currency(self):
        if self.amount is not None and self.currency is None:
            raise ValueError("an amount needs a currency")
        return _one_date_form(self)

    def links(self):
        yield from _many("donors", self.donors, ("organization",), "donor")
        if self.recipient:
            yield Link(("recipient",), self.recipient, ("organization",), "recipient")
        if self.project:
            yield Link(("project",), self.project, ("project",), "funded project")
        if self.intermediary:
            yield Link(("intermediary",), self.intermediary, ("organization", "project"), "intermediary")

    def span(self):
        return (self.date, self.date) if self.date else (self.start, self.end)


KINDS: dict[str, type[Record]] = {
    m.kind: m for m in (Source, Place, Organization, Person, Project, Event, Publication, Policy, Funding)
}


class DataFile(Strict):
    """One parsed TOML file: an array of tables per kind."""

    source: tuple[Source, ...] = ()
    place: tuple[Place, ...] = ()
    organization: tuple[Organization, ...] = ()
    person: tuple[Person, ...] = ()
    project: tuple[Project, ...] = ()
    event: tuple[Event, ...] = ()
    publication: tuple[Publication, ...] = ()
    policy: tuple[Policy, ...] = ()
    funding: tuple[Funding, ...] = ()
