"""The words, patterns and fixed lists the place rules read: cues around a name, admin-area
syntax, calendar words."""

from __future__ import annotations

import calendar
import re

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Curated feature kinds and the ACLED geo_precision a mention of them gets.
FEATURE_PRECISION = {
    "camp": 1, "border crossing": 1, "road": 2, "border area": 2, "front line": 2, "river valley": 3,
    "mountains": 3, "plain": 3, "plateau": 3, "desert": 3, "region": 3, "sea": 3, "building": 1,
    "neighbourhood": 1,
}  # fmt: skip
# Demonyms of continents and regions, and the gazetteer names they point to.
REGION_DEMONYMS = {
    "European": "Europe", "Europeans": "Europe", "African": "Africa", "Africans": "Africa", "Asian": "Asia",
    "North American": "North America", "South American": "South America", "Latin American": "Latin America",
    "Central American": "Central America", "Middle Eastern": "Middle East", "Caribbean": "Caribbean",
    "English": "England", "Scottish": "Scotland", "Welsh": "Wales",
}  # fmt: skip
REGION_PREFIXES = frozenset({"North", "South", "Central", "Latin", "Middle", "East", "West"})
# AP-style abbreviations of US states and Canadian provinces -> (country, admin1 code).
STATE_ABBREVIATIONS = {
    "Ala.": ("US", "AL"), "Ariz.": ("US", "AZ"), "Ark.": ("US", "AR"), "Calif.": ("US", "CA"), "Colo.": ("US", "CO"),
    "Conn.": ("US", "CT"), "Del.": ("US", "DE"), "Fla.": ("US", "FL"), "Ga.": ("US", "GA"), "Ill.": ("US", "IL"),
    "Ind.": ("US", "IN"), "Kan.": ("US", "KS"), "Kans.": ("US", "KS"), "Ky.": ("US", "KY"), "La.": ("US", "LA"),
    "Md.": ("US", "MD"), "Mass.": ("US", "MA"), "Mich.": ("US", "MI"), "Minn.": ("US", "MN"), "Miss.": ("US", "MS"),
    "Mo.": ("US", "MO"), "Mont.": ("US", "MT"), "Neb.": ("US", "NE"), "Nev.": ("US", "NV"), "N.H.": ("US", "NH"),
    "N.J.": ("US", "NJ"), "N.M.": ("US", "NM"), "N.Y.": ("US", "NY"), "N.C.": ("US", "NC"), "N.D.": ("US", "ND"),
    "Okla.": ("US", "OK"), "Ore.": ("US", "OR"), "Pa.": ("US", "PA"), "R.I.": ("US", "RI"), "S.C.": ("US", "SC"),
    "S.D.": ("US", "SD"), "Tenn.": ("US", "TN"), "Tex.": ("US", "TX"), "Vt.": ("US", "VT"), "Va.": ("US", "VA"),
    "Wash.": ("US", "WA"), "W.Va.": ("US", "WV"), "Wis.": ("US", "WI"), "Wyo.": ("US", "WY"), "D.C.": ("US", "DC"),
    "B.C.": ("CA", "02"), "BC": ("CA", "02"), "Alta.": ("CA", "01"), "Sask.": ("CA", "11"), "Man.": ("CA", "03"),
    "Ont.": ("CA", "08"), "Que.": ("CA", "10"), "N.S.": ("CA", "07"), "N.B.": ("CA", "04"), "P.E.I.": ("CA", "09"),
    "Nfld.": ("CA", "05"),
}  # fmt: skip
_DOTTED = sorted((a for a in STATE_ABBREVIATIONS if "." in a[:-1] or a == "BC"), key=len, reverse=True)
# "Springfield, Ill." (after a comma) or a dotted form like N.Y. anywhere.
STATE_ABBREVIATION = re.compile(
    r"(?:(?<=, )|\b(?="
    + "|".join(re.escape(a) for a in _DOTTED)
    + r"))("
    + "|".join(re.escape(a) for a in sorted(STATE_ABBREVIATIONS, key=len, reverse=True))
    + r")(?!\w)"
)
WEAK_LABELS = frozenset({"ORG", "PERSON", "NORP", "EVENT", "PRODUCT", "WORK_OF_ART", "FAC"})
EMBEDDING_LABELS = frozenset({"ORG", "EVENT", "WORK_OF_ART", "FAC", "PRODUCT"})
BIG_KINDS = frozenset({"country", "continent", "admin1"})
# "in central Van", "across northern Aleppo": a part of the place named after the preposition
_PART_ADJECTIVE = r"(?:(?:central|downtown|(?:north|south)?(?:north|south|east|west)ern|(?:north|south)-(?:east|west)ern)\s+)?"
STRONG_LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|at|near|outside|inside|into|towards?|across|via|through)\s+(?:the\s+)?" + _PART_ADJECTIVE + "$"
)
ARABIC_ARTICLE = re.compile(r"(?:al|el|ad|ar|as|ash|at|az|an|ed|es|ez|a)-\w", re.I)
# Countries where place names carry the Arabic article (and their neighbours that keep some).
ARABIC_NAME_COUNTRIES = frozenset(
    [
        "SY",
        "IQ",
        "JO",
        "LB",
        "PS",
        "IL",
        "EG",
        "SA",
        "YE",
        "LY",
        "TN",
        "DZ",
        "MA",
        "EH",
        "SD",
        "KW",
        "QA",
        "AE",
        "OM",
        "BH",
        "MR",
        "TR",
        "IR",
        "SO",
        "DJ",
        "TD",
        "ER",
    ]
)
GENERIC_WORDS = frozenset(
    {
        "north", "south", "east", "west", "central", "centre", "center", "western", "eastern", "northern",
        "southern", "state", "states", "valley", "city", "county", "river", "lake", "mount", "island", "bay",
        "beach", "park", "street", "road", "hill", "university", "college", "school", "hospital", "new",
        "great", "upper", "lower", "middle", "congress", "united", "national", "royal", "saint", "union",
        "republic", "kingdom", "government", "police", "army", "court", "arab", "media", "post",
        "airport", "international", "wing", "field", "fields", "plantation", "canal", "square", "village",
        "club", "golf", "lagoon", "station", "bridge", "tower", "church", "market", "mall", "harbour",
        "colonia", "barrio", "bairro",
    }
)  # fmt: skip
# Words for a neighbourhood that start its name (Colonia Las Tinas): no place on their own.
NEIGHBOURHOOD_WORDS = frozenset({"colonia", "barrio", "bairro", "quartier", "mine"})
# Words that begin Arabic place names (Abu Salim, Wadi al-Rabi, Al Ghiwayl): never a place alone.
NAME_START_WORDS = frozenset(
    {
        "al",
        "el",
        "abu",
        "umm",
        "wadi",
        "bani",
        "jabal",
        "jebel",
        "bir",
        "ras",
        "bab",
        "beit",
        "bayt",
        "tal",
        "khirbat",
    }
)
NAME_SUFFIXES = frozenset(
    {"province", "governorate", "city", "county", "district", "region", "camp", "town", "state"}
)
PLACE_NOUN_BEFORE = re.compile(
    r"\b(?:town|towns|city|cities|village|villages|province|provinces|governorate|district|region|"
    r"neighbou?rhood|suburb|area|camp|countryside) of\s*$",
    re.I,
)
# "captured the village of Tal Khanzir": the name after it is a settlement's
SETTLEMENT_BEFORE = re.compile(r"\b(?:towns?|villages?|city|cities) of\s*$", re.I)
# "captured Khan Tuman", "took control of Tal Baydar", "shelled Kafr Nobol", "airstrikes on Maarbalit":
# what is captured, shelled or struck from the air is a place (the rule target_cue)
TARGET_BEFORE = re.compile(
    r"\b(?:(?:re)?captur(?:ed?|ing)|seiz(?:ed?|ing)|storm(?:ed|ing)?|(?:re)?took|(?:re|over)?tak(?:e|en|ing)|"
    r"shell(?:ed|ing)|bomb(?:ed|ing)|bombard(?:ed|ing)|pound(?:ed|ing)|"
    r"(?:took|taken|seized|regained|gained|wrested) (?:full |complete )?control (?:of|over)|"
    r"(?:air ?strikes?|air ?raids?|raids?|barrel bombs?|shelling|bombardment|bombing|offensive|assault) "
    r"(?:on|against))\s+(?:the\s+)?$"  # in lower case: a headline's "Continue Shelling Kurdish District" is no cue
)
# "Herat city", "Ghoryan district center": the name before the word is a place's
PLACE_NOUN_AFTER = re.compile(r" (?:city|town|village|district|governorate|province|municipality)\b")
# the rest of a hyphenated name after an entity that stops at the hyphen
# the Arabic article as transliterations write it before a hyphen ("As-Sanamayn", "Deir-ez-Zor")
ARABIC_ARTICLES = frozenset(
    {"al", "el", "ad", "an", "ar", "as", "ash", "at", "az", "ed", "er", "es", "ez", "ul", "ur"}
)
# the rest of a hyphened name after its first word: "-Frankivsk", "-ez-Zor", "-Sanamyn"
HYPHENED_REST = re.compile(r"(?:-(?:(?:" + "|".join(sorted(ARABIC_ARTICLES)) + r")-)?[A-Z][a-z]+)+\b")
COORDINATION_BEFORE = re.compile(r"\s*(?:,|,?\s+and|,?\s+or)\s+$")
LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|at|near|from|to|into|outside|towards?|across|around|via|through|of|between|and|on|over|inside|within)"
    r"\s+(?:the\s+)?" + _PART_ADJECTIVE + "$"
)
# "rebel-held Aleppo", "the regime-besieged eastern Ghouta": a control adjective before a name spaCy
# did not tag is a locative cue (the rule control_adjective_cue)
CONTROL_ADJECTIVE_BEFORE = re.compile(
    r"(?:\b[\w'’]+[-‐–](?:held|controlled|besieged|occupied|dominated|run)|\bbesieged)\s+"
    r"(?:(?:north|south)?(?:east|west)\s+|(?:north|south)\s+)?" + _PART_ADJECTIVE + "$",
    re.I,
)
# "the US dollar" names a currency, no place
CURRENCY_AFTER = re.compile(r" dollars?\b")
# "Sadr's supporters", "the Sadr movement": a leader followed by those who follow him, no place
FOLLOWERS_AFTER = re.compile(r"(?:['’]s)?\s+(?:supporters|followers|loyalists|movement|current)\b")
# "Grad rockets", "Katyusha rockets", "Tomahawk missiles": a weapon named like a town (Grad in Slovenia)
WEAPON_AFTER = re.compile(
    r"\s+(?:(?:cruise|ballistic|guided|surface-to-surface)\s+)?(?:rockets?|missiles?|launchers?)\b"
)
# "Menbij - Sarin road", "Maan-Tal Bazam axis": a route named by the towns at its ends (`route_ends`)
ROUTE_AFTER = re.compile(
    r"\s+(?:road|highway|axis|front|frontline|front line|route|corridor)\b", re.IGNORECASE
)
ABBREVIATIONS = re.compile(r"\b(?:U\.S\.A?\.?|USA|US|U\.K\.|UK|UAE|EU)(?![\w.])(?! dollars?\b)")
DATELINE = re.compile(
    r"(?m)^[ \t]*([A-Z][A-Z.'\- ]{2,40}?)(?:,[ \t]*[A-Z][A-Za-z.\- ]{1,30})?[ \t]*(?:\([^)\n]{1,40}\)[ \t]*)?[:\u2014\u2013-][ \t]"
)
# "SAN DIEGO (AP) -" inside running text, where line breaks were lost.
WIRE_DATELINE = re.compile(
    r"(?:^|(?<=[.!?\"”] ))([A-Z][A-Z.'\- ]{2,30}?)(?:, [A-Z][A-Za-z.\- ]{1,20})? \((?:AP|Reuters|AFP|UPI|CNN|Xinhua|dpa|IANS|PTI|ANI|Bloomberg)\)"
)
# Words that make a mention of X a place near or in part of X (geo_precision 2).
DIRECTIONS = r"(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|south-east|south-west)"
RELATIVE_BEFORE = re.compile(
    rf"(?:\bnear(?:by)?|\boutside(?: of)?|\boutskirts of|\baround|\bclose to|\bvicinity of|\bcountryside of|"
    rf"\brural|\bcountryside|\b{DIRECTIONS}(?:ern)?(?: of)?|\b\d+(?:\.\d+)? ?(?:km|kilometers|kilometres|miles|mi)\b[^.;]{{0,30}}\bof)"
    rf"(?: the)?(?: city of| town of| village of)?\s*$",
    re.IGNORECASE,
)
PROVINCE_AFTER = re.compile(
    r"^\W{0,2}(?:province|governorate|region|state|district|county|countryside|prefecture|oblast)\b", re.I
)
# "in Al Jawf, Ad Dali and Taizz governorates": every name of the list is a province
PROVINCES_AFTER = re.compile(
    r"(?:(?:,|,? and|,? or) [A-Z][\w'’\-]*(?: [A-Z][\w'’\-]*)*)* "
    r"(?:provinces|governorates|states|regions|departments|oblasts)\b"
)
PROVINCE_BEFORE = re.compile(r"(?:province|governorate|region|state|district|county) of\s*$", re.I)
CITY_BEFORE = re.compile(r"(?:city|town|village) of\s*$", re.I)
CITY_AFTER = re.compile(r"^ (?:city|town|village)\b")
RELATIVE_AFTER = re.compile(r"^(?:'s)? (?:countryside|outskirts|suburbs|area|surroundings)\b", re.I)
# "the Islamic State terrorist organization (banned in Russia)": the state whose law outlaws a group, as
# Russian state media write after its name; no place of what the sentence tells (rule `jurisdiction`)
OUTLAWED_IN_BEFORE = re.compile(r"\b(?:banned|outlawed|prohibited|proscribed)\s+in\s+(?:the\s+)?$", re.I)
# Verbs of speaking and acting that make a capital or country stand for its government.
METONYM_VERBS = frozenset(
    {
        "say", "tell", "announce", "accuse", "deny", "claim", "warn", "condemn", "urge", "demand", "insist",
        "reject", "threaten", "respond", "vow", "pledge", "call", "agree", "sign", "decide", "refuse",
        "blame", "confirm", "report", "declare", "express", "order", "sanction", "impose", "want",
    }
)  # fmt: skip
# Tokens after "al-" that are organisations or people, not places, in conflict news.
NOT_PLACE_WORDS = frozenset(
    {"Qaeda", "Qaida", "Nusra", "Assad", "Sham", "Islam", "Dawla", "Baghdadi", "Abdo"}
)
HYPHENED_ARTICLES = ["a", "ad", "an", "ar", "as", "ash", "at", "az", "ed", "er", "es", "ez"]


CALENDAR_WORDS = frozenset(
    [
        *(
            w.lower()
            for w in [*calendar.month_name, *calendar.month_abbr, *calendar.day_name, *calendar.day_abbr]
            if w
        ),
        *(
            "ramadan",
            "eid",
            "ashura",
            "nowruz",
            "christmas",
            "easter",
            "passover",
            "diwali",
            "today",
            "yesterday",
        ),
    ]
)


ADMIN_KINDS = ("admin2", "admin1", "country")
# Words between a place and its parenthesised admin areas: "Halani town (Naushahro Feroze, Sindh)".
HEAD_KIND_WORDS = re.compile(
    r"(?:\s+(?:town|city|village|villages|locality|district|districts|area|areas|zone|LGA|county|commune|"
    r"municipality|department|province|territory|sector|prefecture|region|sub-district|subdistrict|"
    r"neighbou?rhood|suburb|quarter|settlement|ward|camp|market|mine|chiefdom|groupement|township|colony))+$",
    re.IGNORECASE,
)
ADMIN_HEAD_WORDS = re.compile(
    r"\b(?:district|districts|LGA|county|municipality|department|province|territory|prefecture|region)$",
    re.IGNORECASE,
)
NAME_CONNECTORS = frozenset(
    {"de", "del", "do", "da", "dos", "das", "la", "las", "los", "el", "al", "du", "des", "di", "y", "e", "of"}
)
# "Grande Vitoria neighborhood", "Camargo community": a part of a town, never a city elsewhere
LOCALITY_WORDS = r"neighbou?rhoods?|sector|community|colony|quarter|suburb|village"
LOCALITY_AFTER = re.compile(rf" (?:{LOCALITY_WORDS})\b", re.I)
# "Khalil Motran square", "Kalpi Bridge": the name before such a word names a site
# (the words between are names, "and" or names with an article: "al-Midan and al-Ashrafiyeh
# neighborhoods"; "Ras Al Ain along the road" is no site)
SITE_AFTER = re.compile(
    r"(?: (?:[A-Z][\w'’\-]*|and|(?:al|el|ad|an|ar|as|ash|at|az)-[\w'’\-]+)){0,3} "
    r"(?i:square|street|st\.|road|avenue|roundabout|bridge|highway|market|hospital|hotel"
    rf"|prison|school|university|mosque|church|stadium|junction|building|palace|park|{LOCALITY_WORDS})\b"
)
# "Babruysk of the Mogilev region": the region the place before it lies in
OF_THE_REGION = re.compile(
    r" of the ([A-Z][\w'’\-]*(?: [A-Z][\w'’\-]*)*) (?:region|province|oblast|county|governorate|state|district)\b"
)
PARENTHESIS = re.compile(r"\(([^()\n]{2,120})\)")
COMMA_AFTER_KIND = re.compile(
    r"(?<=[a-z]) (?:district|LGA|county|municipality|department|province|territory|prefecture), [A-Z]"
)
ADMIN_PART = re.compile(r"^[A-Z][\w'’.&\- ]*$")
# ", Guanajuato" or ", Antioquia department" after a place, then the end of the clause: the
# place's state or province.
COMMA_ADMIN = re.compile(
    r"((?:\s+(?:district|city|town|village|area|municipality|province|LGA|county))?), ((?:[A-Z][\w'’\-]*)(?:[ \-](?:[A-Z][\w'’\-]*|de|del|do|da|du))*)"
    r"(?:\s+(?:department|state|province|region|governorate|oblast|county))?"  # "Bello, Antioquia department"
    r"(?=\s*(?:[.;:)]|$|,\s+(?![A-Z][\w'’\-]* (?:and|or) )|\s+(?:on|in|at|during|after|when|while|where|as|"
    r"and|with|for|to|from|against|between|by|since|following)\b(?!\s+[A-Z])))"
)


QUALIFIERS = frozenset(
    {"north", "south", "east", "west", "central", "upper", "lower", "new", "old", "nord", "sud"}
)


DIRECTION_WORDS = {
    "nord": "North",
    "sud": "South",
    "est": "East",
    "ouest": "West",
    "norte": "North",
    "sur": "South",
}


HEAD_STOP = frozenset(
    {
        "on",
        "in",
        "at",
        "near",
        "the",
        "a",
        "an",
        "and",
        "around",
        "during",
        "as",
        "between",
        "from",
        "of",
        "to",
        "by",
    }
)


LOCALITY_KM = 30  # a neighbourhood or village named with a town lies this close to it
