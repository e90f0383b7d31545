"""Write a valid synthetic dataset of N records of every kind: `python benchmarks/generate.py N OUT`.

Field sizes follow the shipped data (titles of a few words, descriptions of a few sentences,
one or two evidence quotes); records refer to each other (organizations, people, projects),
and there are a few thousand organizations at 100k records. Deterministic for a given N.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

TERMS = ("women peace security kosovo gender equality police justice network municipality "
         "strategy action plan law violence domestic trafficking dialogue training survey "
         "report monitoring resolution council youth rights civil society advocacy inclusion "
         "Shtërpcë Graçanica Prishtina Mitrovicë Hani i Elezit budget hearing security sector").split()
# Mostly filler words, so that one term appears in a few percent of records, as in real text.
_rng = random.Random(0)
FILLER = ["".join(_rng.choice("aeioubdfgklmnprstvzëç") for _ in range(_rng.randint(3, 9))) for _ in range(3000)]
WORDS = FILLER * 2 + TERMS
SHARES = {"organization": 0.04, "person": 0.12, "project": 0.14, "event": 0.30,
          "publication": 0.10, "policy": 0.10, "funding": 0.20}
SOURCES = 5
# Places as the shipped data has them: a country and places within it, events at one of them.
PLACES = {"kosovo": ("Kosovo", "territory", None), "shterpce": ("Shtërpcë", "municipality", "kosovo"),
          "gracanica": ("Graçanica", "municipality", "kosovo"), "prishtina": ("Prishtina", "city", "kosovo"),
          "mitrovica": ("Mitrovicë", "city", "kosovo"), "hani-i-elezit": ("Hani i Elezit", "municipality", "kosovo")}


def words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def s(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid TOML basic string here


def date(rng: random.Random) -> str:
    year = rng.randint(2000, 2023)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    return rng.choice([f"{year}", f"{year}-{month:02d}", f"{year}-{month:02d}-{day:02d}"])


def evidence(rng: random.Random) -> str:
    quotes = [f"{{source = \"src-{rng.randrange(SOURCES)}\", quote = {s(words(rng, 18))}}}"
              for _ in range(rng.randint(1, 2))]
    return "sources = [\n  " + ",\n  ".join(quotes) + ",\n]\n"


def generate(n: int, out) -> None:
    rng = random.Random(n)
    counts = {kind: max(1, int(n * share)) for kind, share in SHARES.items()}
    counts["event"] += max(0, n - SOURCES - len(PLACES) - sum(counts.values()))
    orgs = [f"org-{i}" for i in range(counts["organization"])]
    people = [f"person-{i}" for i in range(counts["person"])]
    projects = [f"project-{i}" for i in range(counts["project"])]
    w = out.write
    for i in range(SOURCES):
        w(f'[[source]]\nid = "src-{i}"\ntitle = {s(words(rng, 8))}\nlanguage = "en"\nfile = "doc-{i}.txt"\n\n')
    for pid, (name, kind, within) in PLACES.items():
        w(f'[[place]]\nid = "{pid}"\nname = {s(name)}\ntype = "{kind}"\n'
          + (f'within = "{within}"\n' if within else "") + "\n")
    for i, oid in enumerate(orgs):
        w(f'[[organization]]\nid = "{oid}"\nname = {s(words(rng, 5).title())}\nacronyms = ["O{i}"]\n'
          f'type = "ngo"\ncountry = "Kosovo"\nfounded = "{date(rng)}"\n')
        if i > 10 and rng.random() < 0.2:
            w(f'parent = "{rng.choice(orgs[:i])}"\n')
        w(f"description = {s(words(rng, 40))}\n{evidence(rng)}\n")
    for pid in people:
        w(f'[[person]]\nid = "{pid}"\nname = {s(words(rng, 2).title())}\n'
          f'roles = [{{org = "{rng.choice(orgs)}", title = {s(words(rng, 3))}}}]\n{evidence(rng)}\n')
    for i, pid in enumerate(projects):
        year = rng.randint(2000, 2020)
        w(f'[[project]]\nid = "{pid}"\ntitle = {s(words(rng, 8))}\ntype = "project"\n'
          f'start = "{year}-{rng.randint(1, 12):02d}"\nend = "{year + rng.randint(1, 4)}"\n'
          f'participants = [\n  {{org = "{rng.choice(orgs)}", role = "implementing"}},\n'
          f'  {{org = "{rng.choice(orgs)}", role = "funding"}},\n]\n')
        if i > 10 and rng.random() < 0.2:
            w(f'parent = "{rng.choice(projects[:i])}"\n')
        w(f"description = {s(words(rng, 50))}\n{evidence(rng)}\n")
    for i in range(counts["event"]):
        w(f'[[event]]\nid = "event-{i}"\ntitle = {s(words(rng, 7))}\ntype = "meeting"\ndate = "{date(rng)}"\n'
          f'place = "{rng.choice(list(PLACES))}"\nproject = "{rng.choice(projects)}"\n'
          f'organizers = ["{rng.choice(orgs)}"]\n'
          f'participants = [{{person = "{rng.choice(people)}", role = "panelist"}}, {{org = "{rng.choice(orgs)}"}}]\n'
          f"description = {s(words(rng, 40))}\n{evidence(rng)}\n")
    for i in range(counts["publication"]):
        w(f'[[publication]]\nid = "publication-{i}"\ntitle = {s(words(rng, 6))}\ntype = "report"\n'
          f'publishers = ["{rng.choice(orgs)}"]\ndate = "{date(rng)}"\n{evidence(rng)}\n')
    for i in range(counts["policy"]):
        w(f'[[policy]]\nid = "policy-{i}"\ntitle = {s(words(rng, 6))}\ntype = "strategy"\n'
          f'adopted = "{date(rng)}"\nresponsible = ["{rng.choice(orgs)}"]\n{evidence(rng)}\n')
    for i in range(counts["funding"]):
        amount = f'amount = "{rng.randint(1_000, 5_000_000)}"\ncurrency = "{rng.choice(["EUR", "USD", "CHF"])}"\n' \
            if rng.random() < 0.8 else ""
        w(f'[[funding]]\nid = "funding-{i}"\ndonors = ["{rng.choice(orgs)}"]\nrecipient = "{rng.choice(orgs)}"\n'
          f'project = "{rng.choice(projects)}"\n{amount}date = "{date(rng)}"\n{evidence(rng)}\n')


def main() -> None:
    if len(sys.argv) != 3 or not sys.argv[1].isdigit():
        sys.exit("usage: python benchmarks/generate.py N OUT.toml")
    out = Path(sys.argv[2])
    with out.open("w", encoding="utf-8") as f:
        generate(int(sys.argv[1]), f)


if __name__ == "__main__":
    main()
