"""The events in ACLED's columns and conventions, to append to or join with ACLED data.

The columns are ACLED's current ones in ACLED's order (``event_id_cnty`` ... ``timestamp``),
then three of this dataset's own: ``date`` (the date as the sources give it), ``end_date`` and
``fatalities_known``. ACLED's conventions, and where the records cannot meet them:

- ``event_date`` is a full ISO date: the day when the sources give it (``time_precision`` 1,
  or 2 when the day is approximate or uncertain), else the 15th of the month
  (``time_precision`` 3, as ACLED codes an event known only to the month). An event dated to a
  year only has no place in ACLED's conventions and is left out (:func:`acled_left_out` lists
  them; the ``events`` table has them all).
- ``inter1``/``inter2`` are ACLED's actor-type codes, derived from each party's kind (see
  :func:`inter_code`); empty when the kind does not say (a person who is not a victim).
  ``interaction`` is the two codes, lower first (``13``), or ``inter1 * 10`` with no actor2.
- ``iso``, ``region`` and ``country`` are those of the event's first place with a country;
  ``admin1`` empty (the texts name no districts); ``geo_precision`` 1, 2 or 3
  from the place's coordinate precision (settlement, area, region or country).
- ``fatalities`` is the sum of the lowest figure of each ``killed`` count, and ``0`` when no
  source gives a number, as ACLED writes it; ``fatalities_known`` says which.
- ``event_id_cnty`` holds this dataset's event ID (not an ACLED ID); ``admin2``, ``admin3``,
  ``source_scale``, ``tags`` and ``timestamp`` are empty: the records do not hold them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .._model.records import (
    ACLEDEventType,
    Actor,
    ActorKind,
    ArmedGroup,
    ArmedGroupKind,
    Event,
    ParticipantRole,
)
from .._queries.dataset import Dataset
from .columns import Column, col
from .gazetteer import COUNTRIES

__all__ = ["ACLED_COLUMNS", "acled_left_out", "acled_row", "acled_rows", "inter_code"]

ACLED_COLUMNS: tuple[Column, ...] = (
    col("event_id_cnty", "string", "This dataset's event ID (not an ACLED ID)."),
    col(
        "event_date",
        "date",
        "A full date (YYYY-MM-DD): the day the sources give, else the 15th of the month.",
    ),
    col("year", "integer", "The year of event_date."),
    col(
        "time_precision",
        "integer",
        "ACLED's code: 1 the day is known, 2 the day is approximate or uncertain, 3 only the "
        "month is known (event_date is the 15th).",
    ),
    col(
        "disorder_type",
        "string",
        "ACLED's disorder type, from the event and sub-event types: Political violence, "
        "Demonstrations, Strategic developments, or 'Political violence; Demonstrations'.",
    ),
    col("event_type", "string", "ACLED event type."),
    col("sub_event_type", "string", "ACLED sub-event type."),
    col("actor1", "string", "The first side_a or perpetrator, else the first other party."),
    col("assoc_actor_1", "string", "Other side_a, perpetrator and supporter parties, '; '."),
    col("inter1", "integer", "ACLED's actor-type code of actor1 (1 to 8), from its kind."),
    col(
        "actor2",
        "string",
        "The first side_b, target or victim; with no side_a, perpetrator, side_b, target or "
        "victim, the second other party.",
    ),
    col("assoc_actor_2", "string", "Other side_b, target and victim parties, '; '."),
    col("inter2", "integer", "ACLED's actor-type code of actor2 (1 to 8), from its kind."),
    col(
        "interaction",
        "integer",
        "The two inter codes, lower first (13); inter1 times 10 when there is no actor2.",
    ),
    col(
        "civilian_targeting",
        "string",
        "'Civilian targeting' when civilians are the target, else empty.",
    ),
    col("iso", "integer", "ISO 3166-1 numeric code of the event's country."),
    col("region", "string", "ACLED's region of the event's country."),
    col("country", "string", "The event's country, by the name the data gives it."),
    col("admin1", "string", "Left empty: the sources name no districts (see the exports guide)."),
    col("admin2", "string", "Empty: the records do not hold it."),
    col("admin3", "string", "Empty: the records do not hold it."),
    col("location", "string", "The name of the event's first place."),
    col("latitude", "number", "Latitude of the first place that has coordinates."),
    col("longitude", "number", "Longitude of the first place that has coordinates."),
    col(
        "geo_precision",
        "integer",
        "ACLED's code from the coordinates' precision: 1 a settlement, 2 an area near it, 3 a "
        "region or country.",
    ),
    col("source", "string", "The publishers (else titles) of the cited sources, '; '."),
    col("source_scale", "string", "Empty: the records do not hold it."),
    col("notes", "string", "The event's description, else its title."),
    col(
        "fatalities",
        "integer",
        "Sum of the lowest figure of each 'killed' count (ACLED's conservative rule); 0 when "
        "no source gives a number, as ACLED writes it (see fatalities_known).",
    ),
    col("tags", "string", "Empty: the records do not hold it."),
    col("timestamp", "integer", "Empty: the records do not hold it."),
    col("date", "string", "The event's date as the sources give it (YYYY[-MM[-DD]], ~ ? %)."),
    col("end_date", "string", "The last date of an event that lasted, if any."),
    col(
        "fatalities_known",
        "boolean",
        "Whether a source gives a number of people killed (false: fatalities is 0 by "
        "convention, not a count).",
    ),
)

_ACTOR1 = (ParticipantRole.SIDE_A, ParticipantRole.PERPETRATOR)
_ACTOR2 = (ParticipantRole.SIDE_B, ParticipantRole.TARGET, ParticipantRole.VICTIM)
_SIDED = (*_ACTOR1, *_ACTOR2, ParticipantRole.SUPPORTER)
_OTHER = tuple(role for role in ParticipantRole if role not in _SIDED)

STATE_FORCES, REBELS, POLITICAL_MILITIA, IDENTITY_MILITIA = 1, 2, 3, 4
CIVILIANS, EXTERNAL_OTHER = 7, 8

_GROUP_INTER = {
    ArmedGroupKind.ARMY: STATE_FORCES,
    ArmedGroupKind.POLICE: STATE_FORCES,
    ArmedGroupKind.GUARD_FORCE: STATE_FORCES,
    ArmedGroupKind.COALITION: POLITICAL_MILITIA,
    ArmedGroupKind.MILITIA: POLITICAL_MILITIA,
    ArmedGroupKind.BRIGADE: POLITICAL_MILITIA,
    ArmedGroupKind.JIHADIST_GROUP: REBELS,
    ArmedGroupKind.ISLAMIC_STATE_PROVINCE: REBELS,
    ArmedGroupKind.ETHNIC_UNIT: IDENTITY_MILITIA,
    ArmedGroupKind.SPECIAL_FORCES: EXTERNAL_OTHER,
    ArmedGroupKind.MERCENARY_COMPANY: EXTERNAL_OTHER,
    ArmedGroupKind.FOREIGN_FIGHTERS: EXTERNAL_OTHER,
    ArmedGroupKind.OTHER: EXTERNAL_OTHER,
}
_ACTOR_INTER = {
    ActorKind.GOVERNMENT: STATE_FORCES,
    ActorKind.INSTITUTION: STATE_FORCES,
    ActorKind.AGENCY: STATE_FORCES,
    ActorKind.MEDIA: CIVILIANS,
    ActorKind.INTERNATIONAL_ORGANISATION: EXTERNAL_OTHER,
    ActorKind.COMPANY: EXTERNAL_OTHER,
    ActorKind.POLITICAL_PARTY: EXTERNAL_OTHER,
    ActorKind.OTHER: EXTERNAL_OTHER,
}


def inter_code(record: Any, role: ParticipantRole | None, country: str | None) -> int | None:
    """ACLED's actor-type code of a party, from its kind; ``None`` when the kind does not say.

    Armed groups: armies, police and guard forces 1 (state forces); militias, brigades and
    coalitions 3 (political militias); jihadist groups and Islamic State provinces 2 (rebel
    groups); ethnic units 4 (identity militias); special forces, mercenaries, foreign fighters
    and others 8 (external/other forces). Actors: a state 1 in its own country and 8 outside it
    (ACLED codes state forces abroad as external forces); governments, institutions and agencies
    1; media 7 (civilians); international organisations, companies, parties and others 8; a
    person 7 (civilians) as a target or victim, else ``None``.
    """
    if isinstance(record, ArmedGroup):
        return _GROUP_INTER[record.kind]
    if not isinstance(record, Actor):
        return None
    if record.kind is ActorKind.STATE:
        return STATE_FORCES if country is not None and record.iso3 == country else EXTERNAL_OTHER
    if record.kind is ActorKind.PERSON:
        victim = role in (ParticipantRole.TARGET, ParticipantRole.VICTIM)
        return CIVILIANS if victim else None
    return _ACTOR_INTER[record.kind]


def _disorder_type(event: Event) -> str:
    kind, sub = event.acled_event_type, event.acled_sub_event_type
    if sub.lower().startswith("excessive force against protest"):
        return "Political violence; Demonstrations"
    if kind is ACLEDEventType.PROTESTS or sub == "Violent demonstration":
        return "Demonstrations"
    if kind is ACLEDEventType.STRATEGIC_DEVELOPMENTS:
        return "Strategic developments"
    return "Political violence"


def _event_date(event: Event) -> tuple[dt.date, int] | None:
    """ACLED's ``event_date`` and ``time_precision``; ``None`` for a year-only date."""
    date = event.date
    if date.month is None:
        return None
    if date.day is None:
        return dt.date(date.year, date.month, 15), 3
    return dt.date(date.year, date.month, date.day), 2 if date.approximate or date.uncertain else 1


def acled_left_out(ds: Dataset) -> list[str]:
    """The IDs of the events ACLED's conventions cannot hold (dated to a year only)."""
    return sorted(e.id for e in ds.events if _event_date(e) is None)


def _country_name(ds: Dataset, code: str) -> str | None:
    for place in ds.places:
        if place.kind.value == "country" and place.country == code:
            return place.name
    for actor in ds.actors:
        if actor.kind is ActorKind.STATE and actor.iso3 == code:
            return actor.name
    return None


_GEO_PRECISION = {"settlement": 1, "area": 2, "region": 3, "country": 3}


def acled_row(event: Event, ds: Dataset) -> tuple[Any, ...] | None:
    """One event in ACLED's columns, or ``None`` when it is dated to a year only.

    A cell the data has no value for is empty (``None``). Actor names are the records'
    primary names; the full list of participants and roles is in ``event_participants``.
    """
    dated = _event_date(event)
    if dated is None:
        return None
    event_date, time_precision = dated

    def name(ref: str) -> str:
        return ds.get(ref).names[0] if ref in ds else ref

    def refs(roles: tuple[ParticipantRole, ...]) -> list[str]:
        found = [p.ref for p in event.participants if p.role in roles]
        return list(dict.fromkeys(found))

    def role_of(ref: str) -> ParticipantRole | None:
        return next((p.role for p in event.participants if p.ref == ref), None)

    side1, side2 = refs(_ACTOR1), refs(_ACTOR2)
    others = refs(_OTHER)
    actor1 = side1[0] if side1 else (others[0] if others else None)
    # With no side given (a clash whose initiator the text does not name, a meeting), the
    # first two other parties are the two actors, in the record's order.
    unsided = not side1 and not side2 and len(others) > 1
    actor2 = side2[0] if side2 else (others[1] if unsided else None)
    assoc1 = [r for r in side1[1:] + refs((ParticipantRole.SUPPORTER,)) if r != actor1]
    places = [ds.places[p] for p in event.places if p in ds.places]
    located = [p for p in places if p.coordinates is not None]
    countries = [p for p in places if p.country is not None]
    country = countries[0].country if countries else None

    def inter(ref: str | None) -> int | None:
        if ref is None or ref not in ds:
            return None
        return inter_code(ds.get(ref), role_of(ref), country)

    inter1, inter2 = inter(actor1), inter(actor2)
    if inter1 is not None and actor2 is None:
        interaction: int | None = inter1 * 10
    elif inter1 is not None and inter2 is not None:
        low, high = sorted((inter1, inter2))
        interaction = low * 10 + high
    else:
        interaction = None
    civilians = event.acled_event_type is ACLEDEventType.VIOLENCE_AGAINST_CIVILIANS or (
        inter2 == CIVILIANS
        and event.acled_event_type
        in (ACLEDEventType.EXPLOSIONS_REMOTE_VIOLENCE, ACLEDEventType.BATTLES)
    )
    killed = [
        f.count.low if f.count.low is not None else f.count.best
        for f in event.casualties
        if f.kind == "killed"
    ]
    numbers = [k for k in killed if k is not None]
    cited = dict.fromkeys(c.source for c in event.citations)
    sources = [ds.sources[s].publisher or ds.sources[s].title for s in cited if s in ds.sources]
    coordinates = located[0].coordinates if located else None
    iso, region = COUNTRIES.get(country, (None, None)) if country else (None, None)
    return (
        event.id,
        event_date.isoformat(),
        event_date.year,
        time_precision,
        _disorder_type(event),
        event.acled_event_type.value,
        event.acled_sub_event_type,
        name(actor1) if actor1 else None,
        "; ".join(name(r) for r in dict.fromkeys(assoc1)) or None,
        inter1,
        name(actor2) if actor2 else None,
        "; ".join(name(r) for r in side2[1:]) or None,
        inter2,
        interaction,
        "Civilian targeting" if civilians else None,
        iso,
        region,
        _country_name(ds, country) if country else None,
        None,  # admin1: the texts name no districts, and nothing outside them is guessed
        None,
        None,
        places[0].name if places else None,
        coordinates.lat if coordinates else None,
        coordinates.lon if coordinates else None,
        _GEO_PRECISION[coordinates.precision.value] if coordinates else None,
        "; ".join(dict.fromkeys(sources)) or None,
        None,
        event.description or event.title,
        sum(numbers) if numbers else 0,
        None,
        None,
        str(event.date),
        str(event.end_date) if event.end_date else None,
        bool(numbers),
    )


def acled_rows(ds: Dataset) -> tuple[tuple[Any, ...], ...]:
    """Every event ACLED's conventions can hold, in ID order."""
    rows = (acled_row(e, ds) for e in sorted(ds.events, key=lambda e: e.id))
    return tuple(r for r in rows if r is not None)
