"""Reference facts the ACLED export needs and the records do not hold: ISO 3166-1 codes,
the one kind of outside fact (with gazetteer coordinates) the data allows.

- :data:`COUNTRIES`: ISO 3166-1 numeric code and ACLED region of the countries the data's
  places and states are in (and their neighbours), by ISO 3166-1 alpha-3 code;

A country or place missing here leaves its cells empty; nothing is guessed.
"""

from __future__ import annotations

__all__ = ["COUNTRIES"]

_NORTH_AFRICA = "Northern Africa"
_MIDDLE_EAST = "Middle East"
_EUROPE = "Europe"

COUNTRIES: dict[str, tuple[int, str]] = {
    "LBY": (434, _NORTH_AFRICA),
    "EGY": (818, _NORTH_AFRICA),
    "TUN": (788, _NORTH_AFRICA),
    "DZA": (12, _NORTH_AFRICA),
    "MAR": (504, _NORTH_AFRICA),
    "SDN": (729, _NORTH_AFRICA),
    "SSD": (728, "Eastern Africa"),
    "TCD": (148, "Middle Africa"),
    "NER": (562, "Western Africa"),
    "MLI": (466, "Western Africa"),
    "MRT": (478, "Western Africa"),
    "NGA": (566, "Western Africa"),
    "SOM": (706, "Eastern Africa"),
    "COD": (180, "Middle Africa"),
    "SAU": (682, _MIDDLE_EAST),
    "ARE": (784, _MIDDLE_EAST),
    "QAT": (634, _MIDDLE_EAST),
    "KWT": (414, _MIDDLE_EAST),
    "BHR": (48, _MIDDLE_EAST),
    "OMN": (512, _MIDDLE_EAST),
    "YEM": (887, _MIDDLE_EAST),
    "TUR": (792, _MIDDLE_EAST),
    "IRN": (364, _MIDDLE_EAST),
    "IRQ": (368, _MIDDLE_EAST),
    "SYR": (760, _MIDDLE_EAST),
    "JOR": (400, _MIDDLE_EAST),
    "LBN": (422, _MIDDLE_EAST),
    "ISR": (376, _MIDDLE_EAST),
    "PSE": (275, _MIDDLE_EAST),
    "AFG": (4, "South Asia"),
    "PAK": (586, "South Asia"),
    "RUS": (643, _EUROPE),
    "BLR": (112, _EUROPE),
    "UKR": (804, _EUROPE),
    "GBR": (826, _EUROPE),
    "FRA": (250, _EUROPE),
    "ITA": (380, _EUROPE),
    "DEU": (276, _EUROPE),
    "GRC": (300, _EUROPE),
    "NLD": (528, _EUROPE),
    "BEL": (56, _EUROPE),
    "ESP": (724, _EUROPE),
    "MLT": (470, _EUROPE),
    "CYP": (196, _EUROPE),
    "USA": (840, "North America"),
    "CAN": (124, "North America"),
    "CHN": (156, "East Asia"),
}
