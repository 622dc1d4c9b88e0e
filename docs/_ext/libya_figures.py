"""Draw the documentation's figures from the bundled data with matplotlib (Agg, offline).

- ``support-network.png``: foreign supporters (left) to recipients (right), one line per kind
  of support, coloured by kind; dashed when the support was only offered, requested or denied;
- ``events-timeline.png``: every event from 2011 to 2019 by type; a dot for a day-precise
  date, a bar across the month or year for a date the source gives less precisely;
- ``armed-group-strength.png``: every strength estimate, as a range, a point, or an open bar
  for "at least" and "up to";
- ``map.png``: places with coordinates (longitude/latitude, no basemap), sized by the number of
  events that took place there, the busiest labelled.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

import libya_conflict as lc

# Deterministic PNGs: the same data gives the same bytes.
SAVE = {"dpi": 110, "bbox_inches": "tight", "metadata": {"Software": None}}
PALETTE = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd",
    "#e6550d", "#31a354", "#756bb1", "#636363", "#fd8d3c", "#74c476", "#9e9ac8", "#6baed6",
]  # fmt: skip


def _name(ds: lc.Dataset, record_id: str) -> str:
    record = ds.get(record_id)
    name = getattr(record, "name", record_id)
    return name if len(name) <= 38 else name[:36] + "…"


def support_network(ds: lc.Dataset, path: Path) -> None:
    support = list(ds.support)
    supporters = sorted({s.supporter for s in support}, key=lambda i: _name(ds, i).lower())
    recipients = sorted({s.recipient for s in support}, key=lambda i: _name(ds, i).lower())
    rows = max(len(supporters), len(recipients))
    left = {r: rows - 1 - i * (rows - 1) / max(len(supporters) - 1, 1) for i, r in
            enumerate(supporters)}  # fmt: skip
    right = {r: rows - 1 - i * (rows - 1) / max(len(recipients) - 1, 1) for i, r in
             enumerate(recipients)}  # fmt: skip
    kinds = [k for k in lc.SupportKind if any(k in s.kinds for s in support)]
    tab20 = plt.get_cmap("tab20")
    colour = {k: tab20(i % 20) for i, k in enumerate(kinds)}
    fig, ax = plt.subplots(figsize=(12, 0.42 * rows + 2))
    for s in support:
        y0, y1 = left[s.supporter], right[s.recipient]
        dashed = s.status != lc.SupportStatus.PROVIDED or bool(s.denials)
        for j, kind in enumerate(s.kinds):
            offset = (j - (len(s.kinds) - 1) / 2) * 0.12
            ax.plot([0, 1], [y0 + offset, y1 + offset], color=colour[kind], lw=1.6, alpha=0.8,
                    ls="--" if dashed else "-")  # fmt: skip
    for rid, y in left.items():
        ax.text(-0.02, y, _name(ds, rid), ha="right", va="center", fontsize=9)
    for rid, y in right.items():
        ax.text(1.02, y, _name(ds, rid), ha="left", va="center", fontsize=9)
    ax.scatter([0] * len(left), list(left.values()), s=18, color="black", zorder=3)
    ax.scatter([1] * len(right), list(right.values()), s=18, color="black", zorder=3)
    ax.set_xlim(-0.75, 1.75)
    ax.set_ylim(-1, rows)
    ax.axis("off")
    ax.text(0, rows - 0.2, "supporter", ha="center", fontweight="bold")
    ax.text(1, rows - 0.2, "recipient", ha="center", fontweight="bold")
    handles: list[Patch | Line2D] = [
        Line2D([], [], color=colour[k], lw=2, label=str(k).replace("_", " ")) for k in kinds
    ]
    handles.append(Line2D([], [], color="grey", lw=2, ls="--", label="offered, requested, refused "
                          "or denied"))  # fmt: skip
    ax.legend(handles=handles, title="kind of support", loc="upper left",
              bbox_to_anchor=(1.0, 1.0), fontsize=8, title_fontsize=9, frameon=False)  # fmt: skip
    ax.set_title(f"Foreign support to Libyan parties: {len(support)} support records", fontsize=13)
    fig.savefig(path, **SAVE)  # type: ignore[arg-type]
    plt.close(fig)


def events_timeline(ds: lc.Dataset, path: Path) -> None:
    start, end = dt.date(2011, 1, 1), dt.date(2019, 12, 31)
    events = [e for e in ds.events if e.date.latest >= start and e.date.earliest <= end]
    by_type = Counter(str(e.type) for e in events)
    types = sorted(by_type, key=lambda t: (-by_type[t], t))
    row = {t: i for i, t in enumerate(types)}
    colour = {a: PALETTE[i] for i, a in enumerate(lc.ACLEDEventType)}
    fig, ax = plt.subplots(figsize=(12, 0.38 * len(types) + 2))
    for e in events:
        y = row[str(e.type)]
        c = colour[e.acled_event_type]
        first, last = e.date.earliest, (e.end_date or e.date).latest
        if first == last:
            ax.scatter([first], [y], s=26, color=c, edgecolor="black", lw=0.4, zorder=3)
        else:
            ax.plot([first, last], [y, y], color=c, lw=5, alpha=0.45, solid_capstyle="butt")
    ax.set_yticks(range(len(types)))
    ax.set_yticklabels([f"{t.replace('_', ' ')} ({by_type[t]})" for t in types], fontsize=9)
    ax.invert_yaxis()
    ax.set_xlim(start, end)
    ax.grid(axis="x", color="#dddddd")
    ax.set_xlabel("date (a bar spans the month or year when the source gives no day)")
    handles = [Patch(color=colour[a], label=str(a)) for a in lc.ACLEDEventType
               if any(e.acled_event_type == a for e in events)]  # fmt: skip
    ax.legend(handles=handles, title="ACLED event type", loc="upper left",
              bbox_to_anchor=(1.0, 1.0), fontsize=8, title_fontsize=9, frameon=False)  # fmt: skip
    ax.set_title(f"Events by type, 2011 to 2019 ({len(events)} events)", fontsize=13)
    fig.savefig(path, **SAVE)  # type: ignore[arg-type]
    plt.close(fig)


def armed_group_strength(ds: lc.Dataset, path: Path) -> None:
    rows = [(g, s) for g in ds.armed_groups for s in g.strength]
    rows.sort(key=lambda r: -(r[1].fighters.high or r[1].fighters.best or r[1].fighters.low or 0))
    fig, ax = plt.subplots(figsize=(11, 0.42 * len(rows) + 2))
    top = max((q.high or q.best or q.low or 0) for q in (s.fighters for _, s in rows))
    style = {
        "range": ("#1f77b4", "range (low to high)"),
        "at_most": ("#ff7f0e", "up to (high only)"),
        "at_least": ("#2ca02c", "at least (low only)"),
        "exact": ("#d62728", "exact figure"),
        "approximate": ("#9467bd", "about (approximate)"),
    }
    for y, (_, s) in enumerate(rows):
        q = s.fighters
        c = style.get(str(q.qualifier), ("grey", ""))[0]
        if q.low is not None and q.high is not None:
            ax.plot([q.low, q.high], [y, y], color=c, lw=6, solid_capstyle="butt")
        elif q.high is not None:
            ax.plot([1, q.high], [y, y], color=c, lw=6, alpha=0.35, solid_capstyle="butt")
            ax.plot([q.high], [y], marker="|", ms=14, mew=2.5, color=c)
        elif q.low is not None:
            ax.plot([q.low, top * 2], [y, y], color=c, lw=6, alpha=0.35, solid_capstyle="butt")
            ax.plot([q.low], [y], marker="|", ms=14, mew=2.5, color=c)
        if q.best is not None:
            ax.plot([q.best], [y], "o", color=c, ms=7, mec="black", mew=0.5)
        ax.text(top * 2.2, y, f"“{q.as_reported}”", va="center", fontsize=8, color="#444444")
    ax.set_xscale("log")
    ax.set_xlim(10, top * 2)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([f"{_name(ds, g.id)} ({s.as_of or 'undated'})" for g, s in rows],
                       fontsize=9)  # fmt: skip
    ax.invert_yaxis()
    ax.grid(axis="x", which="both", color="#eeeeee")
    ax.set_xlabel("fighters (log scale)")
    used = {str(s.fighters.qualifier) for _, s in rows}
    handles = [Patch(color=c, label=text) for q, (c, text) in style.items() if q in used]
    ax.legend(handles=handles, title="the source's qualifier", loc="upper center", ncol=5,
              bbox_to_anchor=(0.5, -0.07 - 1.2 / len(rows)), fontsize=8,
              title_fontsize=9)  # fmt: skip
    ax.set_title(f"Armed-group strength estimates ({len(rows)} estimates, "
                 "with the source's words)", fontsize=13)  # fmt: skip
    fig.savefig(path, **SAVE)  # type: ignore[arg-type]
    plt.close(fig)


def _place_labels(
    points: list[tuple[float, float, str]],
) -> list[tuple[tuple[float, float, str], tuple[float, float, str]]]:
    """Greedy label placement: try offsets around each point, keep the first free box."""
    placed: list[tuple[float, float, float, float]] = []
    out: list[tuple[tuple[float, float, str], tuple[float, float, str]]] = []
    for x, y, text in points:
        w, h = 0.115 * len(text) + 0.15, 0.3
        for dx, dy in [(0.2, 0.1), (0.2, -0.4), (-w - 0.2, 0.1), (-w - 0.2, -0.4),
                       (-w / 2, 0.3), (-w / 2, -0.6), (0.3, 0.55), (0.3, -0.85),
                       (-w - 0.3, 0.55), (-w - 0.3, -0.85), (0.4, 1.0), (-w - 0.4, 1.0),
                       (0.4, -1.3), (-w - 0.4, -1.3)]:  # fmt: skip
            box = (x + dx, y + dy, x + dx + w, y + dy + h)
            if all(box[2] < b[0] or box[0] > b[2] or box[3] < b[1] or box[1] > b[3]
                   for b in placed):  # fmt: skip
                placed.append(box)
                out.append(((x, y, text), (box[0], box[1], text)))
                break
    return out


def events_map(ds: lc.Dataset, path: Path) -> None:
    frame = (9.0, 26.5, 19.0, 34.5)  # lon_min, lon_max, lat_min, lat_max: Libya
    events_at: Counter[str] = Counter(p for e in ds.events for p in e.places)
    places = [p for p in ds.places if p.coordinates is not None]
    inside = [p for p in places if p.coordinates and frame[0] <= p.coordinates.lon <= frame[1]
              and frame[2] <= p.coordinates.lat <= frame[3]]  # fmt: skip
    outside = [p for p in places if p not in inside]
    fig, ax = plt.subplots(figsize=(12, 8))
    regions = {"tripolitania": "#1f77b4", "cyrenaica": "#d62728", "fezzan": "#2ca02c"}
    for p in inside:
        assert p.coordinates is not None
        n = events_at[p.id]
        ax.scatter(p.coordinates.lon, p.coordinates.lat, s=25 + 28 * n, alpha=0.6,
                   color=regions.get(str(p.region), "#7f7f7f"), edgecolor="black", lw=0.5,
                   zorder=3)  # fmt: skip
    ranked = sorted(inside, key=lambda p: (-events_at[p.id], p.kind != lc.PlaceKind.CITY, p.name))
    wanted = [p for p in ranked if events_at[p.id] > 0 or p.kind == lc.PlaceKind.CITY][:24]
    points = [(p.coordinates.lon, p.coordinates.lat, p.name) for p in wanted if p.coordinates]
    for (x, y, _), (lx, ly, text) in _place_labels(points):
        ax.annotate(
            text,
            xy=(x, y),
            xytext=(lx, ly),
            fontsize=8.5,
            zorder=4,
            va="bottom",
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8},
            arrowprops={"arrowstyle": "-", "color": "#555555", "lw": 0.6},
        )
    ax.set_xlim(frame[0], frame[1])
    lats = [p.coordinates.lat for p in inside if p.coordinates]
    ax.set_ylim(min(lats) - 1.5, max(lats) + 1.2)
    ax.set_aspect(1 / 0.87)  # about 1/cos(latitude) at 30°N
    ax.set_xlabel("longitude (°E)")
    ax.set_ylabel("latitude (°N)")
    ax.grid(color="#eeeeee")
    handles: list[Patch | Line2D] = [Patch(color=c, alpha=0.6, label=r.capitalize())
                                     for r, c in regions.items()]  # fmt: skip
    handles.append(Patch(color="#7f7f7f", alpha=0.6, label="no region given"))
    for n in (1, 5, 10):
        handles.append(
            Line2D(
                [],
                [],
                ls="",
                marker="o",
                color="#bbbbbb",
                mec="black",
                ms=(25 + 28 * n) ** 0.5,
                label=f"{n} event{'s' * (n > 1)}",
            )
        )
    ax.legend(handles=handles, loc="lower left", fontsize=8, labelspacing=1.3, borderpad=1)
    ax.set_title(f"Places and events in Libya ({len(inside)} places with coordinates; "
                 "marker size = events there)", fontsize=13)  # fmt: skip
    if outside:
        names = ", ".join(sorted(p.name for p in outside))
        fig.text(0.5, 0.015, _wrap(f"{len(outside)} places outside this frame: {names}.", 150),
                 ha="center", va="top", fontsize=8, color="#444444")  # fmt: skip
    fig.savefig(path, **SAVE)  # type: ignore[arg-type]
    plt.close(fig)


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width))


FIGURES = {
    "support-network.png": support_network,
    "events-timeline.png": events_timeline,
    "armed-group-strength.png": armed_group_strength,
    "map.png": events_map,
}


def generate(out: Path) -> list[Path]:
    """Draw every figure into ``out``; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    ds = lc.load()
    for name, draw in FIGURES.items():
        draw(ds, out / name)
    return [out / name for name in FIGURES]
