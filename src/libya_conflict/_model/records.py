"""The typed model: one frozen, slotted attrs class per record type and sub-object.

The classes mirror ``schemas/*.schema.json`` field for field (a test proves they agree). JSON
Schema is the authority on shape; these classes are immutable, typed views of records that
passed it. Field names equal the JSON keys; arrays are tuples; enumerations are
:class:`enum.StrEnum` whose values are the JSON strings.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar, TypeAlias

import attrs

from .dates import PartialDate, Period

if TYPE_CHECKING:
    import datetime as _dt

__all__ = [
    "ACLEDEventType",
    "Actor",
    "ActorKind",
    "ArmedGroup",
    "ArmedGroupKind",
    "Certainty",
    "Citation",
    "CoordinatePrecision",
    "Coordinates",
    "Denial",
    "Event",
    "EventType",
    "Figure",
    "FigureKind",
    "Link",
    "Participant",
    "ParticipantRole",
    "Place",
    "PlaceKind",
    "Qualifier",
    "Quantity",
    "Record",
    "Region",
    "Relation",
    "RelationType",
    "Source",
    "SourceKind",
    "StrengthEstimate",
    "Support",
    "SupportKind",
    "SupportStatus",
    "span",
]


def _tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    """Turn a list typed by hand into a tuple, so records stay hashable."""
    return tuple(value)


# -- enumerations -------------------------------------------------------------------------------


class Certainty(enum.StrEnum):
    """How sure the sources are of a claim (``common.schema.json#/$defs/certainty``)."""

    CONFIRMED = "confirmed"
    REPORTED = "reported"
    ALLEGED = "alleged"
    CLAIMED = "claimed"
    POSSIBLE = "possible"


class Qualifier(enum.StrEnum):
    """What kind of figure a source gives (``common.schema.json#/$defs/quantity``)."""

    EXACT = "exact"
    APPROXIMATE = "approximate"
    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    RANGE = "range"
    VAGUE = "vague"


class SourceKind(enum.StrEnum):
    """What sort of document a source is."""

    NEWS_REPORT = "news_report"
    ANALYSIS = "analysis"
    FIELD_REPORT = "field_report"
    BLOG_POST = "blog_post"
    OFFICIAL_DOCUMENT = "official_document"


class PlaceKind(enum.StrEnum):
    """What sort of place a gazetteer entry is."""

    COUNTRY = "country"
    REGION = "region"
    CITY = "city"
    TOWN = "town"
    DISTRICT = "district"
    OIL_FIELD = "oil_field"
    OIL_TERMINAL = "oil_terminal"
    PORT = "port"
    AIRPORT = "airport"
    MILITARY_BASE = "military_base"
    FACILITY = "facility"
    BORDER_AREA = "border_area"
    OTHER = "other"


class Region(enum.StrEnum):
    """The historical regions of Libya."""

    TRIPOLITANIA = "tripolitania"
    CYRENAICA = "cyrenaica"
    FEZZAN = "fezzan"


class CoordinatePrecision(enum.StrEnum):
    """How closely approximate coordinates locate a place."""

    SETTLEMENT = "settlement"
    AREA = "area"
    REGION = "region"
    COUNTRY = "country"


class ActorKind(enum.StrEnum):
    """What sort of actor a record is."""

    PERSON = "person"
    STATE = "state"
    GOVERNMENT = "government"
    INSTITUTION = "institution"
    POLITICAL_PARTY = "political_party"
    INTERNATIONAL_ORGANISATION = "international_organisation"
    AGENCY = "agency"
    COMPANY = "company"
    MEDIA = "media"
    OTHER = "other"


class ArmedGroupKind(enum.StrEnum):
    """What sort of armed group a record is."""

    ARMY = "army"
    COALITION = "coalition"
    MILITIA = "militia"
    BRIGADE = "brigade"
    POLICE = "police"
    GUARD_FORCE = "guard_force"
    SPECIAL_FORCES = "special_forces"
    JIHADIST_GROUP = "jihadist_group"
    ISLAMIC_STATE_PROVINCE = "islamic_state_province"
    MERCENARY_COMPANY = "mercenary_company"
    FOREIGN_FIGHTERS = "foreign_fighters"
    ETHNIC_UNIT = "ethnic_unit"
    OTHER = "other"


class RelationType(enum.StrEnum):
    """What a relation says of its subject and object."""

    MEMBER_OF = "member_of"
    LEADS = "leads"
    SPLINTER_OF = "splinter_of"
    RENAMED_TO = "renamed_to"
    SUCCESSOR_OF = "successor_of"
    PLEDGED_ALLEGIANCE_TO = "pledged_allegiance_to"
    AFFILIATED_WITH = "affiliated_with"
    ALLIED_WITH = "allied_with"
    OPPOSED_TO = "opposed_to"
    BASED_IN = "based_in"
    CONTROLS = "controls"


class SupportKind(enum.StrEnum):
    """The kinds of support, after the UCDP External Support Dataset."""

    ARMS = "arms"
    VEHICLES = "vehicles"
    AIRCRAFT = "aircraft"
    DRONES = "drones"
    AIR_STRIKES = "air_strikes"
    TROOPS = "troops"
    SPECIAL_FORCES = "special_forces"
    MERCENARIES = "mercenaries"
    ADVISERS = "advisers"
    TRAINING = "training"
    FUNDING = "funding"
    CURRENCY = "currency"
    INTELLIGENCE = "intelligence"
    DIPLOMATIC = "diplomatic"
    LOGISTICS = "logistics"
    SAFE_HAVEN = "safe_haven"
    POLITICAL = "political"
    UNSPECIFIED = "unspecified"


class SupportStatus(enum.StrEnum):
    """Whether support was given, offered, refused or asked for."""

    PROVIDED = "provided"
    OFFERED = "offered"
    REFUSED = "refused"
    REQUESTED = "requested"


class EventType(enum.StrEnum):
    """The dataset's own event tags, finer than ACLED's."""

    OFFENSIVE = "offensive"
    BATTLE = "battle"
    AIR_STRIKE = "air_strike"
    DRONE_STRIKE = "drone_strike"
    SHELLING = "shelling"
    BOMBING = "bombing"
    ATTACK = "attack"
    KILLING = "killing"
    ABDUCTION = "abduction"
    CAPTURE = "capture"
    SEIZURE = "seizure"
    WITHDRAWAL = "withdrawal"
    PLEDGE = "pledge"
    FOUNDING = "founding"
    STATEMENT = "statement"
    MEETING = "meeting"
    AGREEMENT = "agreement"
    DESIGNATION = "designation"
    SANCTION = "sanction"
    ELECTION = "election"
    APPOINTMENT = "appointment"
    DEPLOYMENT = "deployment"
    ARMS_TRANSFER = "arms_transfer"
    OTHER = "other"


class ACLEDEventType(enum.StrEnum):
    """ACLED's six event types."""

    BATTLES = "Battles"
    PROTESTS = "Protests"
    RIOTS = "Riots"
    EXPLOSIONS_REMOTE_VIOLENCE = "Explosions/Remote violence"
    VIOLENCE_AGAINST_CIVILIANS = "Violence against civilians"
    STRATEGIC_DEVELOPMENTS = "Strategic developments"


class ParticipantRole(enum.StrEnum):
    """The part an actor or group played in an event."""

    SIDE_A = "side_a"
    SIDE_B = "side_b"
    PERPETRATOR = "perpetrator"
    TARGET = "target"
    VICTIM = "victim"
    SUPPORTER = "supporter"
    SPEAKER = "speaker"
    MEDIATOR = "mediator"
    SIGNATORY = "signatory"
    PARTICIPANT = "participant"


class FigureKind(enum.StrEnum):
    """What an event figure counts."""

    KILLED = "killed"
    WOUNDED = "wounded"
    CAPTURED = "captured"
    DISPLACED = "displaced"
    TRAPPED = "trapped"
    MISSING = "missing"


# -- the classes -------------------------------------------------------------------------------


_frozen = attrs.frozen(kw_only=True)
"""How every model class is built: immutable, slotted, keyword-only, with attrs' own repr."""


# -- sub-objects --------------------------------------------------------------------------------


@_frozen
class Citation:
    """A source ID and a verbatim quote from that source that states a fact."""

    source: str
    quote: str
    note: str | None = None


@_frozen
class Quantity:
    """A figure as the source gives it: low, best and high (none invented) and its own words."""

    qualifier: Qualifier
    as_reported: str
    low: int | None = None
    best: int | None = None
    high: int | None = None


@_frozen
class StrengthEstimate:
    """One source's figure for a group's number of fighters at a date."""

    fighters: Quantity
    citations: tuple[Citation, ...] = attrs.field(converter=_tuple)
    as_of: PartialDate | None = None
    certainty: Certainty | None = None


@_frozen
class Coordinates:
    """Approximate WGS84 coordinates from a gazetteer."""

    lat: float
    lon: float
    precision: CoordinatePrecision


@_frozen
class Denial:
    """A party's denial of a claim of support."""

    by: str
    citations: tuple[Citation, ...] = attrs.field(converter=_tuple)
    date: PartialDate | None = None


@_frozen
class Participant:
    """An actor or armed group in an event, with its role.

    ``certainty`` and ``citations`` are set where the text hedges or attributes this
    participant's part, or gives it apart from the event's own quotes; ``None`` and ``()``
    mean the part is as certain as the event and rests on the event's citations.
    """

    ref: str
    role: ParticipantRole
    certainty: Certainty | None = None
    citations: tuple[Citation, ...] = attrs.field(default=(), converter=_tuple)


@_frozen
class Figure:
    """A count of people killed, wounded, captured or displaced in an event."""

    kind: FigureKind
    count: Quantity
    citations: tuple[Citation, ...] = attrs.field(converter=_tuple)
    who: str | None = None
    party: str | None = None
    certainty: Certainty | None = None


# -- records ------------------------------------------------------------------------------------


@_frozen
class Source:
    """A document that facts are taken from."""

    collection: ClassVar[str] = "sources"

    id: str
    title: str
    kind: SourceKind
    text_file: str
    publisher: str | None = None
    authors: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    published: PartialDate | None = None
    period_covered: Period | None = None
    inferred: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    notes: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """The names the record can be looked up by: its title."""
        return (self.title,)


@_frozen
class Place:
    """A gazetteer entry."""

    collection: ClassVar[str] = "places"

    id: str
    name: str
    kind: PlaceKind
    citations: tuple[Citation, ...] = attrs.field(converter=_tuple)
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    country: str | None = None
    region: Region | None = None
    located_in: str | None = None
    coordinates: Coordinates | None = None
    description: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """The primary name followed by every alias."""
        return (self.name, *self.aliases)


@_frozen
class Actor:
    """A person, state, government, institution, party, organisation, agency or company."""

    collection: ClassVar[str] = "actors"

    id: str
    name: str
    kind: ActorKind
    citations: tuple[Citation, ...] = attrs.field(converter=_tuple)
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    iso3: str | None = None
    description: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """The primary name followed by every alias."""
        return (self.name, *self.aliases)


@_frozen
class ArmedGroup:
    """A militia, brigade, army, coalition, jihadist group, IS province or mercenary company."""

    collection: ClassVar[str] = "armed_groups"

    id: str
    name: str
    kind: ArmedGroupKind
    citations: tuple[Citation, ...] = attrs.field(converter=_tuple)
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    founded: PartialDate | None = None
    dissolved: PartialDate | None = None
    description: str | None = None
    strength: tuple[StrengthEstimate, ...] = attrs.field(default=(), converter=_tuple)

    @property
    def names(self) -> tuple[str, ...]:
        """The primary name followed by every alias."""
        return (self.name, *self.aliases)


@_frozen
class Relation:
    """A typed, directed, time-bounded edge: ``subject type object``."""

    collection: ClassVar[str] = "relations"

    id: str
    type: RelationType
    subject: str
    object: str
    certainty: Certainty
    citations: tuple[Citation, ...] = attrs.field(converter=_tuple)
    role: str | None = None
    period: Period | None = None
    description: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """Relations have no names."""
        return ()


@_frozen
class Support:
    """One party backing another: kinds, status, period, certainty and denials."""

    collection: ClassVar[str] = "support"

    id: str
    supporter: str
    recipient: str
    kinds: tuple[SupportKind, ...] = attrs.field(converter=_tuple)
    status: SupportStatus
    certainty: Certainty
    citations: tuple[Citation, ...] = attrs.field(converter=_tuple)
    period: Period | None = None
    via: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    denials: tuple[Denial, ...] = attrs.field(default=(), converter=_tuple)
    description: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """Support records have no names."""
        return ()


@_frozen
class Event:
    """A dated happening, typed after ACLED, with places, participants and figures."""

    collection: ClassVar[str] = "events"

    id: str
    title: str
    type: EventType
    acled_event_type: ACLEDEventType
    acled_sub_event_type: str
    date: PartialDate
    certainty: Certainty
    citations: tuple[Citation, ...] = attrs.field(converter=_tuple)
    end_date: PartialDate | None = None
    places: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    participants: tuple[Participant, ...] = attrs.field(default=(), converter=_tuple)
    casualties: tuple[Figure, ...] = attrs.field(default=(), converter=_tuple)
    description: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """The event's title."""
        return (self.title,)


Record: TypeAlias = Source | Place | Actor | ArmedGroup | Relation | Support | Event
"""Any record of the dataset."""

RECORD_CLASSES: dict[str, type[Record]] = {
    "source": Source,
    "place": Place,
    "actor": Actor,
    "armed_group": ArmedGroup,
    "relation": Relation,
    "support": Support,
    "event": Event,
}
"""Record class by record type (the schema's name), in dependency order."""

COLLECTION_TYPES: dict[str, str] = {cls.collection: name for name, cls in RECORD_CLASSES.items()}
"""Record type by collection (the folder name under ``data/``)."""


Link: TypeAlias = Event | Relation | Support
"""A record that links parties: an event, a relation or a support record."""


def span(record: Record) -> tuple[_dt.date | None, _dt.date | None] | None:
    """The first and last day a record may cover; ``None`` if it has no date at all.

    An event spans its date to its end date, a relation or support record its period, a
    source its publication date; each side is ``None`` where the date leaves it open.
    """
    if isinstance(record, Event):
        end = record.end_date or record.date
        return record.date.earliest, end.latest
    if isinstance(record, Relation | Support):
        period = record.period
        return (period.earliest, period.latest) if period is not None else None
    if isinstance(record, Source) and record.published is not None:
        return record.published.earliest, record.published.latest
    return None
