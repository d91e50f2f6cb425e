"""factory_boy factories. Articles are made through the import service so segments and
claims are real; sources and evidence directly, for tests that only need rows."""

from __future__ import annotations

import factory
from django.contrib.auth.models import Group, User

from claims.models import Evidence, Source


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "password")

    @factory.post_generation
    def role(self, create: bool, extracted: str | None, **kwargs: object) -> None:
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))
        if create:
            self.save()


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    csl_type = "book"
    title = factory.Sequence(lambda n: f"A history of the Siberian internment, volume {n}")
    authors = factory.LazyFunction(lambda: [{"family": "Barshay", "given": "Andrew E."}])
    authors_text = "Barshay, Andrew E."
    year = 2013
    publisher = "University of California Press"
    is_vetted = True


def article_from_text(text: str, *, title: str = "Test article", actor: User | None = None):
    """An article imported through the real service (segments and claims included)."""
    from claims.services.articles import article_import

    return article_import(actor=actor, title=title, text=text).article


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    source = factory.SubFactory(SourceFactory)
    stance = "refutes"
    locator = "p. 12"


PLACES = ("Riga", "Tallinn", "Vilnius", "Gdansk", "Lviv", "Minsk", "Kaunas", "Tartu", "Narva", "Brest", "Pinsk")
THINGS = ("schools", "hospitals", "bridges", "factories", "farms", "libraries", "mines", "ports", "clinics")


def generated_article_text(sentences: int, *, seed: int = 0) -> str:
    """A long article of distinct checkable sentences (about one claim each), four per paragraph.

    Repeating a real article would not do: the splitter sets repeated paragraphs aside as boilerplate.
    """
    import random

    r = random.Random(seed)
    lines = []
    for _ in range(sentences):
        place, thing, year, number = r.choice(PLACES), r.choice(THINGS), r.randrange(1890, 2024), r.randrange(3, 99999)
        if r.random() < 0.5:
            lines.append(f"In {year} {place} opened {number} {thing}, according to the census office.")
        else:
            lines.append(f"{place} spent {number} thousand euros on {thing} in {year}, the auditor reported.")
    return "\n\n".join(" ".join(lines[start : start + 4]) for start in range(0, len(lines), 4))
