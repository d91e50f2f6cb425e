"""The adapter between factcheck and citeproc-py: a CSL style loaded with five element classes of our own.

citeproc-py 0.11 misses a few CSL 1.0.1 features that APA 7 and Chicago 18 rely on. Rather than
fork the library or patch its classes in place (which changed citeproc for every caller in the
process), `load_style()` parses the style with a class lookup in which five CSL elements are
subclasses of citeproc's own, and the rest are citeproc's. citeproc-py is then used through its
public API only (CitationStylesBibliography, Citation, CitationItem, the formatters). The
subclasses fill in, narrowly:

- cs:name/@initialize="false" (Chicago writes given names in full, not as initials): `Name`;
- text-case on cs:label is applied in the style's language (APA's "(Ed.)"): `Label`;
- a cs:label is printed only when its variable is set (else Chicago prints a bare "Edition."): `Label`;
- variables used by cs:substitute are suppressed afterwards (else an unsigned newspaper article
  repeats its title in APA, and an edited volume its editor): `Substitute`, `Text`, `Names`;
- a bare cs:names inside a cs:choose of a cs:substitute inherits the substituted cs:name and
  cs:label (else Chicago prints an edited volume as "M. M. Zagorulko. 2000." instead of
  "Zagorulko, M. M., ed. 2000."): `Names`.

The methods overridden (`get_option`, `markup`, `process`, `render`) are public methods of
citeproc-py 0.11's element classes, none of its private ones: citeproc-py has no other hook for
these features. tests/sources/test_csl_adapter.py pins each behaviour above and that every
override still has a citeproc method under it, so an upgrade that changes them fails there first.
The locale option punctuation-in-quote is applied to the formatted text by
claims/bibliography/citations.py.
"""

from __future__ import annotations

import threading
from typing import Any

from citeproc import CitationStylesStyle, model
from lxml import etree

CSL_NAMESPACE = "http://purl.org/net/xbiblio/csl"
_NAMES_KEY = "names-variables"  # repressed name variables, next to citeproc's per-tag lists
_substitution = threading.local()


def _has_variable(item: Any, name: str) -> bool:
    try:
        value = item.reference[name.replace("-", "_")]
    except Exception:  # noqa: BLE001 - citeproc raises VariableError for a missing variable
        return False
    return bool(str(value).strip()) if value is not None else False


class Name(model.Name):
    def get_option(self, name: str, context: Any = None, sort_options: Any = None) -> Any:
        if name == "initialize-with" and self.get("initialize", "true").lower() == "false":
            return None
        return super().get_option(name, context, sort_options)


class Label(model.Label):
    def markup(self, text: Any) -> Any:
        if not text:
            return None
        language = self.get_root().get("default-locale", "en")[:2]
        return self.wrap(self.format(self.case(self.strip_periods(text), language)))

    def process(self, item: Any, variable: Any = None, plural: Any = None, **kwargs: Any) -> Any:
        name = variable or self.get("variable")
        if name and name != "locator" and not _has_variable(item, name):
            return None
        return super().process(item, variable=variable, plural=plural, **kwargs)


class Text(model.Text):
    def process(self, item: Any, context: Any = None, **kwargs: Any) -> Any:
        # citeproc's Text.process returns (text, language); for a cs:text with a variable, the text
        # is the variable's value (None when missing or repressed), which is what a substitute used.
        text, language = super().process(item, context=context, **kwargs)
        collecting = getattr(_substitution, "stack", None)
        if collecting and text and "variable" in self.attrib:
            collecting[-1].append((self.tag, self.get("variable")))
        return text, language


class Names(model.Names):
    def process(self, item: Any, names_context: Any = None, context: Any = None, **kwargs: Any) -> Any:
        if names_context is None and self.name is None:
            # A bare cs:names nested in a cs:choose of a cs:substitute takes the cs:name and cs:label of the
            # cs:names it substitutes for (citeproc-py does this only for direct children of cs:substitute).
            enclosing = self.xpath_search("./ancestor::cs:substitute[1]/parent::cs:names")
            if enclosing:
                names_context = enclosing[0]
        roles = [role for role in self.get("variable", "").split() if role in item.reference]
        repressed = set((context if context is not None else self).get_layout().repressed.get(_NAMES_KEY, []))
        if roles and set(roles) <= repressed:
            substitute = self.substitute()
            if substitute is None:
                raise model.VariableError
            return substitute.render(item, context=context, **kwargs)
        text = super().process(item, names_context=names_context, context=context, **kwargs)
        collecting = getattr(_substitution, "stack", None)
        if collecting and text:
            collecting[-1].extend((_NAMES_KEY, role) for role in roles)
        return text


class Substitute(model.Substitute):
    def render(self, item: Any, context: Any = None, **kwargs: Any) -> Any:
        stack = _substitution.__dict__.setdefault("stack", [])
        stack.append([])
        try:
            text = super().render(item, context=context, **kwargs)
        finally:
            used = stack.pop()
        if text and context is not None:
            repressed = context.get_layout().repressed
            for tag, variable in used:
                repressed.setdefault(tag, []).append(variable)
        return text


ADAPTED_ELEMENTS: dict[str, type[model.CitationStylesElement]] = {
    "name": Name,
    "label": Label,
    "text": Text,
    "names": Names,
    "substitute": Substitute,
}


def _element_lookup() -> etree.ElementNamespaceClassLookup:
    """citeproc's own tag -> class map (as citeproc.frontend builds it), with our five elements."""
    lookup = etree.ElementNamespaceClassLookup()
    namespace = lookup.get_namespace(CSL_NAMESPACE)
    namespace[None] = model.CitationStylesElement
    namespace.update(
        {cls.__name__.replace("_", "-").lower(): cls for cls in model.CitationStylesElement.__subclasses__()}
    )
    namespace.update(ADAPTED_ELEMENTS)
    return lookup


class AdaptedStyle(CitationStylesStyle):
    """A CSL style parsed with the adapted elements; otherwise a CitationStylesStyle (same rendering API)."""

    def __init__(self, path: str) -> None:
        parser = etree.XMLParser(remove_comments=True, encoding="UTF-8", no_network=True)
        parser.set_element_class_lookup(_element_lookup())
        self.xml = etree.parse(path, parser)
        self.root = self.xml.getroot()
        self.root.set_locale_list(self.root.get("default-locale", "en-US"), validate=False)


def load_style(path: str) -> AdaptedStyle:
    """The style at `path` (a .csl file), ready for citeproc.CitationStylesBibliography."""
    return AdaptedStyle(path)
