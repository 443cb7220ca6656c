"""Word lists the entity extractor looks names up in: gazetteers and cue words.

The long lists (places, demonyms, given names, organisations) are text files in `data/`,
read once on first use: places and demonyms are generated from GeoNames, ISO 3166 and
countryinfo by `benchmarks/make_gazetteer.py`; given names and organisations are hand-written,
and census given names, surnames and smaller towns come from `benchmarks/make_names.py`.
The short cue lists below are the extractor's rules in data form: words that say what kind of
name stands next to them. Keeping them here keeps `recogniser.py` about mechanism.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Gazetteer:
    """Every lookup table, loaded together so that one call warms the extractor."""

    places: frozenset[str]
    countries: frozenset[str]
    """Country names (also in places): a national team is named after one (LOC in CoNLL)."""
    demonyms: frozenset[str]
    first_names: frozenset[str]
    organisations: frozenset[str]
    surnames: frozenset[str]
    """Common surnames (US Census): evidence for the typing model, never a decision alone."""
    towns: frozenset[str]
    """Smaller cities (GeoNames): evidence, since many are also surnames or words."""
    known: frozenset[str]
    """Places, demonyms, given names and organisations together: names a run may start with."""
    max_words: int
    """Longest multi-word entry, in words: bounds the phrase lookup."""


def _read(name: str) -> list[str]:
    """Entries of a data file: one a line, or whitespace-separated words for name lists."""
    text = resources.files("reader.core.entities").joinpath("data", name).read_text("utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    """The gazetteer, read from the package data on first use (a few milliseconds)."""
    places = frozenset(_read("places.txt"))
    countries = frozenset(_read("countries.txt"))
    demonyms = frozenset(_read("demonyms.txt"))
    given = _read("first_names.txt") + _read("census_first_names.txt")
    first_names = frozenset(word for line in given for word in line.split())
    organisations = frozenset(_read("organisations.txt"))
    surnames = frozenset(_read("census_surnames.txt"))
    towns = frozenset(_read("towns.txt"))
    longest = max(len(name.split()) for name in places | organisations)
    known = places | demonyms | first_names | organisations
    return Gazetteer(
        places, countries, demonyms, first_names, organisations, surnames, towns, known, longest
    )


def words(text: str) -> frozenset[str]:
    """A word set written as one whitespace-separated string (lists stay readable)."""
    return frozenset(text.split())


#: Last (or any) word of a name that makes it an organisation.
ORG_HEADS = words("""
Ministry Committee Commission Council Group Inc Inc. Corp Corp. Corporation Ltd Ltd. LLC PLC plc
Company Co. University College School Institute Academy Agency Bank Party Association Union
Organization Organisation Federation League Court Tribunal Police Army Navy Guard Department
Office Parliament Assembly Senate Congress Fund Foundation Society Service Services Authority
Bureau Board Center Centre Club Alliance Coalition Front Movement Network Press Times Post
News Airlines Airways Motors Industries Holdings Bancorp Trust Hospital Church Embassy Cabinet
Secretariat Directorate Administration Command Forces Conference Organisation Forum Institution
Commissioner Commissariat Consortium International Partners Laboratories Labs Television Radio
Broadcasting Exchange Brothers Systems Technologies Pharmaceuticals Studios Records
Entertainment Communications Telecom Enterprises Associates Force Forces Corps Division
Brigade Regiment Battalion Squadron Fleet Works Laboratory Orchestra Band Ensemble Choir Quartet
Publishing Publishers Gazette Herald Tribune Journal Chronicle FC F.C. AFC Racing Team
""")

#: Words that open an organisation's name ("Bank of England", "Ministry of Defence").
ORG_OPENERS = words("""
Ministry Bank University Council Commission Committee Department Office Institute Academy
Organization Organisation Federation Union League Court Church Party Board Agency Bureau
""")

#: Words that a name continues after with "of" ("Bank of England", "Republic of Armenia",
#: "Battle of Hastings"); after any other word "of" separates two names ("Mark Jones of the
#: Daily Telegraph", "Professor Smith of Harvard University").
OF_OPENERS = ORG_OPENERS | words("""
Republic Kingdom Emirate State States Province Principality Duchy Isle Isles Island Islands
Gulf Bay Sea Strait Straits Cape Lake Mount Valley Sultanate Commonwealth Federation City
College School Society Association Confederation Chamber House Hall Museum Order Army Corps
Institute Institution Academy Assembly Congress Conference Court Department Division Faculty
Battle Siege Treaty Declaration Bill Charter Act Statute Convention Festival Day Feast Siege
Championship Championships Cup Tournament Tour Games Prize Award Awards Duke Duchess Earl Prince
Princess Queen King Archbishop Bishop Lord Lady Mayor Governor Friends Sons Daughters Knights
Brotherhood Sisters Church Cathedral Abbey Temple Bureau Office Agency Authority Services
Secretary Minister Ministry Director Directorate Organization Organisation
""")

#: Last words that make a name an event, a law or a named period: MISC.
MISC_HEADS = words("""
War Wars Day Revolution Olympics Games Cup Championship Championships Summit Festival Prize
Award Awards Crisis Treaty Accord Accords Act Convention Constitution Amendment Protocol
Declaration Doctrine Plan Pact Agreement Charter Uprising Spring Massacre Holocaust Genocide
Expo Marathon Series Open Bowl Tour Olympiad Era Age Dynasty Storm Hurricane Operation
""")

#: Last words that make a name a place ("Caspian Sea", "Red Square", "Karabakh region").
PLACE_HEADS = words("""
Sea Ocean River Lake Mountains Mountain Mount Valley Island Islands Peninsula Desert Gulf Bay
Strait Coast Province Region Oblast County District Street Avenue Square Bridge Airport Port
Canal Park Heights Plateau Basin Delta Highlands Republic Kingdom Emirate Emirates Territory
Territories State States City Town Village Road Way Lane Drive Boulevard Highway Freeway
Motorway Stadium Arena Pond Brook Creek Reservoir Junction Hills Falls Springs Forest Canyon
Beach Harbour Harbor Glacier Peak Ridge Empire
""")

#: Words of sports clubs' names ("Aston Villa", "Dundee United", "Inter Milan", "PSV").
CLUB_WORDS = words("""
United City Town Rovers Wanderers Athletic Athletico Atletico Albion County Villa Forest
Rangers Celtic Hotspur Real Inter AC FC SC SV VfB VfL Borussia Olympique Sporting Dynamo
Dinamo Spartak Lokomotiv Red Blue Stars Bulls Bears Lions Tigers Eagles Giants Kings
""")

#: Lowercase nouns that, written after an unknown name, say it is a place ("the Karabakh region").
PLACE_NOUNS_AFTER = words("region province city town village district area valley river")

#: Titles and roles written before a person's name; dropped from the span ("Mr", "spokesman").
TITLES = words("""
Mr Mr. Mrs Mrs. Ms Ms. Dr Dr. Prof Prof. Sir Dame Lord Lady Rev Rev. Sen Sen. Rep Rep. Gen Gen.
Col Col. Lt Lt. Capt Capt. Sgt Sgt. Gov Gov. President Premier Chancellor Minister
Secretary Prime Deputy Vice Foreign Defence Defense Interior Finance Justice Health General
Colonel Captain Commander Admiral Marshal Sergeant Lieutenant Major King Queen Prince Princess
Emperor Pope Cardinal Bishop Archbishop Rabbi Imam Sheikh Ayatollah Ambassador Envoy Governor
Mayor Senator Representative Judge Justice Chief Director Chairman Chairwoman Speaker Leader
Spokesman Spokeswoman Spokesperson Adviser Advisor Minister-President Professor Doctor
Coach Officer Inspector Detective Agent Dean Father Sister Brother Saint CEO
""")

#: Lowercase words that announce a person's name right after them.
PERSON_CUES = words("""
spokesman spokeswoman spokesperson president minister leader chief director secretary
ambassador envoy adviser advisor governor mayor senator general colonel commander official
chairman chairwoman ceo analyst professor economist expert researcher author writer journalist
reporter correspondent editor actor actress singer player coach captain lawyer attorney judge
prosecutor doctor nurse teacher student activist candidate lawmaker deputy diplomat negotiator
founder owner manager executive economist scientist historian poet novelist artist photographer
resident farmer worker soldier officer commissioner premier chancellor king queen prince pope
mr mrs ms dr sir
""")

#: Jobs and positions that, capitalised and glued before a given name, are cut from the person
#: ("Engineer John Greiner", "Striker Alan Shearer"); not cues on their own.
ROLE_WORDS = PERSON_CUES | words("""
engineer driver pilot coroner sheriff inspector detective striker forward defender midfielder
goalkeeper keeper winger quarterback pitcher catcher batsman bowler wicketkeeper rider cyclist
runner sprinter boxer champion skipper fullback winger flanker lock prop hooker centre
""")

#: Verbs of saying: an unknown two-word name right before one is most likely a person.
SPEECH_VERBS = words("""
said says told added noted stressed explained argued asked wrote announced stated insisted
warned claimed replied recalled admitted urged tweeted
""")

#: Prepositions and verbs before an unknown name that say it is a place.
PLACE_PREPOSITIONS = words("""
in at near from to into across outside inside around toward towards entered visited
reached via through
""")

#: Lowercase words joining capitalised words inside one name ("Bank of England").
CONNECTORS = words("of for de del della di du des la le von van der den al bin ibn da dos das")

#: Capitalised words that begin a sentence without starting a name. The extractor also counts
#: any word the same text writes in lowercase elsewhere as common (see recogniser.py).
COMMON_WORDS = words("""
a about above according across after afterwards again against all almost along already also
although always among an and another any anyone anything are around as at back be because
been before being below besides between both but by can could despite did do does doing down
during each either else even ever every everyone everything few first for from further had has
have having he her here hers herself him himself his how however i if in including indeed
instead into is it its itself just last later least less let like many may meanwhile might
more moreover most much must my myself neither never nevertheless next no none nor not nothing
now of off often on once one only or other others otherwise our ours ourselves out over own
perhaps please rather same second several she should since so some someone something sometimes
soon still such than that the their theirs them themselves then there therefore these they
third this those though through thus to today together tomorrow too toward towards under
unless until up upon us very was we well were what whatever when whenever where whereas
whether which while who whoever whom whose why will with within without would yesterday yet
you your yours yourself yourselves
said says asked added according officials experts analysts critics police authorities
residents people many most some several both other another new old more less earlier later
initially finally eventually overall currently recently last next this that those these
tonight hello thanks yes okay ok dear breaking update read watch see
""")

#: Common words that also begin names ("New York", "Old Trafford", "First Union"): kept at the
#: start of a longer capitalised run, dropped only when they stand alone at a sentence start.
NAME_ADJECTIVES = words("new old first united last one")

#: Words for time units: a number written with one ("28 years", "44-day") is a DATE span.
TIME_UNITS = words("""
year years decade decades month months week weeks day days hour hours minute minutes
century centuries second seconds night nights weekend weekends quarter quarters
""")
