"""Queries: places, chronology, graph navigation, timelines and forgiving name resolution."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import libya_conflict as lc

BRSC = "benghazi-revolutionaries-shura-council"


def test_at_place_keeps_events_at_that_place_and_chains(ds: lc.Dataset) -> None:
    sirte = ds.events.at_place("sirte")
    assert len(sirte) > 0
    assert all("sirte" in e.places for e in sirte)
    feb = sirte.between("2015-02-01", "2015-02-28")
    assert isinstance(feb, lc.Collection)
    assert set(feb.ids()) <= set(sirte.ids())
    assert all(e.date.earliest <= dt.date(2015, 2, 28) for e in feb)


def test_at_place_on_relations_keeps_those_pointing_to_the_place(ds: lc.Dataset) -> None:
    based = ds.relations.at_place("benghazi")
    assert based.ids()
    assert all(r.object == "benghazi" for r in based)


def test_events_at_follows_places_located_within(ds: lc.Dataset) -> None:
    inside = {p.id for p in ds.places if p.located_in == "libya"}
    nested = ds.events_at("libya")
    direct = ds.events_at("libya", within=False)
    assert set(direct.ids()) <= set(nested.ids())
    assert any(not inside.isdisjoint(e.places) for e in nested)
    assert all("libya" in e.places for e in direct)


def test_chronological_orders_by_first_day_with_undated_last(ds: lc.Dataset) -> None:
    ordered = list(ds.relations.chronological())
    dated = [r for r in ordered if r.period is not None and r.period.earliest is not None]
    starts = [r.period.earliest for r in dated if r.period is not None]
    assert starts == sorted(d for d in starts if d is not None)

    def undated(r: lc.Relation) -> bool:  # no period, or one with no known day ("/..")
        return r.period is None or (r.period.earliest is None and r.period.latest is None)

    first_undated = next(i for i, r in enumerate(ordered) if undated(r))
    assert all(undated(r) for r in ordered[first_undated:])


def test_involving_with_a_role_keeps_events_where_the_party_has_it(ds: lc.Dataset) -> None:
    attacks = ds.events.involving("lna", role="perpetrator")
    assert attacks.ids()
    for event in attacks:
        assert any(p.ref == "lna" and p.role == "perpetrator" for p in event.participants)
    assert set(attacks.ids()) == set(ds.events_of("lna", role="perpetrator").ids())


def test_members_are_the_subjects_of_member_of_relations_to_the_group(ds: lc.Dataset) -> None:
    members = ds.members(BRSC)
    expected = {r.subject for r in ds.relations if r.type == "member_of" and r.object == BRSC}
    assert {r.subject for r in members} == expected
    assert "ansar-al-sharia" in expected


def test_members_at_a_date_respect_the_precision_of_the_period(ds: lc.Dataset) -> None:
    # february-17-martyrs-brigade joined in 2014-06 (open end): a member on any day from then.
    assert "february-17-martyrs-brigade" in {r.subject for r in ds.members(BRSC, at="2014-06-15")}
    assert "february-17-martyrs-brigade" in {r.subject for r in ds.members(BRSC, at="2017")}
    assert "february-17-martyrs-brigade" not in {r.subject for r in ds.members(BRSC, at="2014-05")}


def test_parents_are_the_groups_a_member_belongs_to(ds: lc.Dataset) -> None:
    parents = {r.object for r in ds.parents("february-17-martyrs-brigade")}
    assert BRSC in parents


def test_leaders_at_a_date(ds: lc.Dataset) -> None:
    leaders = ds.leaders("lna", at="2019-04-04")
    assert "khalifa-haftar" in {r.subject for r in leaders}
    assert all(r.type == "leads" and r.object == "lna" for r in leaders)


def test_predecessors_and_successors_follow_the_relation_directions(ds: lc.Dataset) -> None:
    # ansar-bayt-al-maqdis renamed_to wilayat-sinai: the old name comes first.
    assert {r.subject for r in ds.predecessors("wilayat-sinai")} == {"ansar-bayt-al-maqdis"}
    assert {r.object for r in ds.successors("ansar-bayt-al-maqdis")} == {"wilayat-sinai"}
    # al-mourabitoun successor_of mujao: mujao came first.
    assert "mujao" in {r.object for r in ds.predecessors("al-mourabitoun")}
    assert "al-mourabitoun" in {r.subject for r in ds.successors("mujao")}
    # mujao splinter_of aqim: aqim came first.
    assert "mujao" in {r.subject for r in ds.successors("aqim")}
    assert "aqim" in {r.object for r in ds.predecessors("mujao")}


def test_supporters_and_supported_are_the_two_sides_of_support(ds: lc.Dataset) -> None:
    backers = ds.supporters("lna")
    assert set(backers.ids()) == {s.id for s in ds.support if s.recipient == "lna"}
    assert "united-arab-emirates" in {s.supporter for s in backers}
    given = ds.supported("united-arab-emirates")
    assert set(given.ids()) == {s.id for s in ds.support if s.supporter == "united-arab-emirates"}


def test_navigation_refuses_an_unknown_id(ds: lc.Dataset) -> None:
    with pytest.raises(lc.RecordNotFound, match="no-such-group"):
        ds.members("no-such-group")


def test_timeline_holds_every_link_of_a_party_in_date_order(ds: lc.Dataset) -> None:
    entries = ds.timeline(BRSC)
    ids = {e.record.id for e in entries}
    assert ids == {
        *(e.id for e in ds.events.involving(BRSC)),
        *(r.id for r in ds.relations.involving(BRSC)),
        *(s.id for s in ds.support.involving(BRSC)),
    }
    assert all(isinstance(e, lc.TimelineEntry) for e in entries)
    dated = [e.start for e in entries if e.start is not None]
    assert dated == sorted(dated)
    first_undated = next(i for i, e in enumerate(entries) if e.start is None and e.end is None)
    assert all(e.start is None and e.end is None for e in entries[first_undated:])
    joins = next(e for e in entries if e.record.id.endswith("member-of-" + BRSC) and e.start)
    assert joins.role == "object"
    assert joins.date == "2014-06/.."


@pytest.mark.parametrize(
    ("spelling", "expected"),
    [
        ("Misurata", "misrata"),
        ("Banghazi", "benghazi"),
        ("Darna", "derna"),
        ("Surt", "sirte"),
        ("Kadhafi", "muammar-qaddafi"),
        ("Jathran", "ibrahim-jadhran"),
        ("Ansar el-Sharia", "ansar-al-sharia"),
        ("Khalifa Haftr", "khalifa-haftar"),
        ("Tripoly", "tripoli"),
    ],
)
def test_resolve_forgives_transliterations_and_typos(
    ds: lc.Dataset, spelling: str, expected: str
) -> None:
    assert ds.resolve(spelling).id == expected


def test_candidates_rank_names_above_normalised_words_prefixes_and_spellings(
    ds: lc.Dataset,
) -> None:
    exact = ds.candidates("Hiftar")[0]
    assert (exact.record.id, exact.match, exact.distance) == ("khalifa-haftar", "alias", 0)
    assert ds.candidates("HIFTAR")[0].match == "normalised"
    assert (ds.candidates("Sarraj")[0].record.id, ds.candidates("Sarraj")[0].match) == (
        "fayez-al-sarraj",
        "word",
    )
    assert (ds.candidates("Tripolit")[0].record.id, ds.candidates("Tripolit")[0].match) == (
        "tripolitania",
        "prefix",
    )
    variant = ds.candidates("Misurata")[0]
    assert (variant.record.id, variant.match) == ("misrata", "close")
    typo = ds.candidates("Tobrul")[0]
    assert (typo.record.id, typo.match, typo.distance) == ("tobruk", "close", 1)
    ranks = [c.rank for c in ds.candidates("Misrata")]
    assert ranks == sorted(ranks)


def test_resolve_does_not_stretch_a_short_nonsense_name(ds: lc.Dataset) -> None:
    with pytest.raises(lc.NameNotFound) as caught:
        ds.resolve("zzzz")
    assert not isinstance(caught.value, lc.AmbiguousName)


def test_resolve_raises_ambiguous_name_for_equal_best_candidates() -> None:
    def actor(id_: str, name: str) -> lc.Actor:
        citation = lc.Citation(source="s", quote="q")
        return lc.Actor(id=id_, name=name, kind=lc.ActorKind.PERSON, citations=(citation,))

    ds = lc.Dataset([actor("a-one", "Omar Mukhtar"), actor("a-two", "Omar Mokhtar")])
    assert ds.resolve("Omar Mukhtar").id == "a-one"  # an exact name beats a variant
    with pytest.raises(lc.AmbiguousName) as caught:
        ds.resolve("Omar Makhtar")
    assert set(caught.value.candidates) == {"a-one", "a-two"}


def test_get_on_an_unknown_id_that_is_a_name_points_at_its_record(ds: lc.Dataset) -> None:
    with pytest.raises(lc.RecordNotFound, match="'Haftar' is a name of 'khalifa-haftar'"):
        ds.get("Haftar")
    with pytest.raises(lc.RecordNotFound, match=r"^no record has the ID 'no-such-id'$"):
        ds.get("no-such-id")


def test_a_date_range_that_ends_before_it_starts_is_refused(ds: lc.Dataset) -> None:
    with pytest.raises(ValueError, match="ends"):
        ds.events.between("2019-12-31", "2019-01-01")


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from([n for r in lc.load() for n in r.names] + ["Hiftar", "Misurata", "zzzz"]),
    st.sampled_from(["", "a", "e", "x"]),
    st.integers(0, 12),
    st.sampled_from([None, "actors", "armed_groups", "places"]),
)
def test_the_indexed_best_match_is_the_top_of_the_full_ranking(
    name: str, letter: str, at: int, collection: str | None
) -> None:
    """resolve() stops at the first tier that finds any, and finds what a full ranking ranks top."""
    index = lc.load()._name_index
    changed = name[:at] + letter + name[at + 1 :] if letter else name
    scope = None if collection is None else (collection,)
    full = [c for c in index.candidates(changed, scope) if c.match != "near"]
    expected = [c for c in full if c.tier == full[0].tier] if full else []
    assert index.best(changed, scope) == expected


# -- merged IDs: every query answers for the successor ------------------------------------------


def _with_merged(old: str, successor: str) -> lc.Dataset:
    """The bundled records, with ``old`` the tombstoned ID of a record merged into ``successor``."""
    merged = lc.Tombstone(
        id=old,
        record_type="armed_group",
        reason="a duplicate",
        removed_in="0.2.0",
        successor=successor,
    )
    return lc.Dataset(lc.load(), tombstones=[merged])


@pytest.mark.parametrize(
    ("query", "successor"),
    [
        ("members", "lna"),
        ("parents", "al-qaqa-brigade"),
        ("leaders", "lna"),
        ("predecessors", "al-mourabitoun"),
        ("successors", "aqim"),
        ("supporters", "lna"),
        ("supported", "gna-aligned-forces"),
        ("events_of", "lna"),
        ("timeline", "lna"),
    ],
)
def test_a_graph_query_on_a_merged_id_answers_for_its_successor_with_a_warning(
    query: str, successor: str
) -> None:
    ds = _with_merged("merged-old-id", successor)
    expected = getattr(ds, query)(successor)
    assert len(expected) > 0
    with pytest.warns(DeprecationWarning, match=f"use '{successor}'") as warned:
        answer = getattr(ds, query)("merged-old-id")
    assert answer == expected if isinstance(answer, tuple) else answer.ids() == expected.ids()
    assert [w.filename for w in warned] == [__file__]  # the warning points at the caller's line


def test_involving_and_at_place_on_a_merged_id_answer_for_its_successor() -> None:
    ds = _with_merged("libyan-national-army-old", "lna")
    for collection in (ds.events, ds.relations, ds.support):
        with pytest.warns(DeprecationWarning, match="use 'lna'"):
            found = collection.involving("libyan-national-army-old")
        assert found.ids() == collection.involving("lna").ids() != ()
    events = ds.events.filter(lambda e: True)  # a derived collection keeps the tombstones
    with pytest.warns(DeprecationWarning, match="use 'lna'"):
        assert events.involving("libyan-national-army-old").ids() == events.involving("lna").ids()
    sirte = lc.Tombstone(
        id="surt", record_type="place", reason="a duplicate", removed_in="0.2.0", successor="sirte"
    )
    ds = lc.Dataset(lc.load(), tombstones=[sirte])
    with pytest.warns(DeprecationWarning, match="use 'sirte'"):
        assert ds.events_at("surt").ids() == ds.events_at("sirte").ids() != ()
    with pytest.warns(DeprecationWarning, match="use 'sirte'"):
        assert ds.events.at_place("surt").ids() == ds.events.at_place("sirte").ids()


def test_a_chain_of_merges_is_followed_to_the_last_successor() -> None:
    first = lc.Tombstone(
        id="lna-1", record_type="armed_group", reason="r", removed_in="0.2.0", successor="lna-2"
    )
    second = lc.Tombstone(
        id="lna-2", record_type="armed_group", reason="r", removed_in="0.3.0", successor="lna"
    )
    ds = lc.Dataset(lc.load(), tombstones=[first, second])
    with pytest.warns(DeprecationWarning, match="use 'lna'"):
        assert ds.get("lna-1").id == "lna"
    with pytest.warns(DeprecationWarning, match="use 'lna'"):
        assert ds.members("lna-1").ids() == ds.members("lna").ids()


# -- a miss in get(): the name hint comes from the name index ------------------------------------


def test_get_on_a_miss_takes_its_name_hint_from_the_index_not_a_scan_of_every_record(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from libya_conflict._queries import resolve as _resolve

    citation = lc.Citation(source="s", quote="q")
    people = [
        lc.Actor(
            id=f"person-{i}",
            name=f"Commander {i}",
            aliases=(f"Brigadier {i}",),
            kind=lc.ActorKind.PERSON,
            citations=(citation,),
        )
        for i in range(20_000)
    ]
    ds = lc.Dataset(people)
    with pytest.raises(lc.RecordNotFound):
        ds.get("warm-up")  # the first miss builds the name index, once

    def no_iteration(self: object) -> None:
        raise AssertionError("a miss in get() iterated over the records")

    def no_close_spellings(*args: object) -> None:
        raise AssertionError("a miss in get() compared the name with every name")

    monkeypatch.setattr(_resolve.NameIndex, "_close", no_close_spellings)
    monkeypatch.setattr(lc.Dataset, "__iter__", no_iteration)
    monkeypatch.setattr(lc.Collection, "__iter__", no_iteration)
    with pytest.raises(lc.RecordNotFound, match="'Commander 17' is a name of 'person-17'"):
        ds.get("Commander 17")
    with pytest.raises(lc.RecordNotFound, match="'brigadier 9999' is a name of 'person-9999'"):
        ds.get("brigadier 9999")
    with pytest.raises(lc.RecordNotFound, match=r"^no record has the ID 'no-such-id'$"):
        ds.get("no-such-id")
    with pytest.raises(lc.RecordNotFound, match=r"^no record has the ID 'commandr-17'$"):
        ds.get("commandr-17")  # a close spelling is not a name: no hint


# -- filters and graph queries take IDs and names alike, and refuse the unknown -----------------

QUERIES_OF_A_PARTY = {
    "where": lambda ds, party: ds.support.where(recipient=party).ids(),
    "involving": lambda ds, party: ds.events.involving(party).ids(),
    "relations.involving": lambda ds, party: ds.relations.involving(party).ids(),
    "timeline": lambda ds, party: tuple(e.record.id for e in ds.timeline(party)),
    "supporters": lambda ds, party: ds.supporters(party).ids(),
    "members": lambda ds, party: ds.members(party).ids(),
    "leaders": lambda ds, party: ds.leaders(party).ids(),
    "events_of": lambda ds, party: ds.events_of(party).ids(),
    "derived where": lambda ds, party: ds.support.filter(bool).where(recipient=party).ids(),
}


@pytest.mark.parametrize("query", QUERIES_OF_A_PARTY)
@pytest.mark.parametrize("name", ["LNA", "Libyan National Army", "libyan national army"])
def test_a_filter_or_graph_query_answers_alike_for_an_id_and_a_name(
    ds: lc.Dataset, query: str, name: str
) -> None:
    answer = QUERIES_OF_A_PARTY[query]
    expected = answer(ds, "lna")
    assert expected
    assert answer(ds, name) == expected


@pytest.mark.parametrize("query", QUERIES_OF_A_PARTY)
def test_a_filter_or_graph_query_refuses_an_unknown_party_with_suggestions(
    ds: lc.Dataset, query: str
) -> None:
    with pytest.raises(lc.RecordNotFound, match="Libyan National Armies Corps") as caught:
        QUERIES_OF_A_PARTY[query](ds, "Libyan National Armies Corps")
    assert "lna" in caught.value.suggestions
    assert "lna" in str(caught.value)


@pytest.mark.parametrize("query", QUERIES_OF_A_PARTY)
def test_a_filter_or_graph_query_refuses_an_ambiguous_name_listing_the_records(
    ds: lc.Dataset, query: str
) -> None:
    with pytest.raises(lc.AmbiguousName) as caught:
        QUERIES_OF_A_PARTY[query](ds, "Tuareg")
    assert set(caught.value.candidates) == {"tuareg-armed-units", "tuareg-fighters-tripoli-front"}


def test_the_queries_of_the_issue_answer_by_name(ds: lc.Dataset) -> None:
    assert ds.support.where(recipient="LNA").ids() == ds.support.where(recipient="lna").ids() != ()
    haftar = ds.events.involving("khalifa-haftar").ids()
    assert ds.events.involving("Haftar").ids() == haftar != ()
    assert ds.events.involving("Hifter", role="perpetrator").ids() == (
        ds.events.involving("khalifa-haftar", role="perpetrator").ids()
    )
    assert ds.timeline("Haftar") == ds.timeline("khalifa-haftar")
    assert ds.members("BRSC").ids() == ds.members(BRSC).ids() != ()
    assert ds.supported("UAE").ids() == ds.supported("united-arab-emirates").ids() != ()
    assert ds.predecessors("Wilayat Sinai").ids() == ds.predecessors("wilayat-sinai").ids()


def test_place_queries_take_place_names_only(ds: lc.Dataset) -> None:
    assert ds.events_at("Surt").ids() == ds.events_at("sirte").ids() != ()
    assert ds.events.at_place("Misurata").ids() == ds.events.at_place("misrata").ids() != ()
    assert ds.events.where(places="Sirte").ids() == ds.events.where(places="sirte").ids()
    assert ds.places.where(located_in="Libya").ids() == ds.places.where(located_in="libya").ids()
    with pytest.raises(lc.RecordNotFound, match="Haftar"):
        ds.events_at("Haftar")  # a party, not a place


def test_an_enum_filter_refuses_a_value_outside_the_enum_and_suggests_the_spelling(
    ds: lc.Dataset,
) -> None:
    battles = ds.events.where(acled_event_type="Battles")
    assert battles.ids()
    assert ds.events.where(acled_event_type=lc.ACLEDEventType.BATTLES).ids() == battles.ids()
    with pytest.raises(lc.UsageError, match="did you mean 'Battles'"):
        ds.events.where(acled_event_type="battles")
    with pytest.raises(lc.UsageError, match="did you mean 'drones'"):
        ds.support.where(kinds="drone")
    with pytest.raises(ValueError, match=r"one of confirmed, reported"):
        ds.relations.where(certainty="very sure")
    with pytest.raises(lc.UsageError, match="did you mean 'perpetrator'"):
        ds.events.involving("lna", role="perpetrators")
    assert ds.places.where(region=None).ids() == tuple(p.id for p in ds.places if p.region is None)


def test_where_names_an_unknown_field_even_on_an_empty_collection(ds: lc.Dataset) -> None:
    empty = ds.events.filter(lambda e: False)
    with pytest.raises(AttributeError, match="no field 'kind'"):
        empty.where(kind="battle")


def test_a_collection_built_by_hand_matches_ids_as_given() -> None:
    support = lc.load().support
    bare = lc.Collection("support", list(support))
    assert bare.where(recipient="lna").ids() == support.where(recipient="lna").ids()
    assert bare.where(recipient="LNA").ids() == ()
