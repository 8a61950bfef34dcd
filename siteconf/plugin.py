"""A plugin's settings: one frozen dataclass, built from Pelican's settings with its defaults.

Each field is one Pelican setting, named by the class's ``PREFIX`` and the field's name in upper
case (``COMMENTS_`` + ``date_format`` = ``COMMENTS_DATE_FORMAT``), or by ``setting("NAME")`` for a
name without the prefix. The field's default is the setting's default, and nowhere else:

    @dataclass(frozen=True)
    class OldUrlsSettings(PluginSettings):
        PREFIX: ClassVar[str] = "OLD_URLS_"
        table: str = "redirects.toml"

    OldUrlsSettings.from_settings(pelican.settings).table

``apply_defaults`` writes the missing ones into Pelican's settings on ``initialized``, so the
templates read every setting too.
"""

from __future__ import annotations

import copy
import dataclasses
from typing import Any, ClassVar, Mapping


def setting(name: str, default: Any = dataclasses.MISSING, *, factory: Any = dataclasses.MISSING):
    """A field read from the setting ``name`` (no prefix added); ``factory`` for a list or dict default."""
    if factory is not dataclasses.MISSING:
        return dataclasses.field(default_factory=factory, metadata={"setting": name})
    return dataclasses.field(default=default, metadata={"setting": name})


def mutable(value: Any):
    """A field whose default is a list or dict (each settings object gets its own copy)."""
    return dataclasses.field(default_factory=lambda: copy.deepcopy(value))


class PluginSettings:
    """Mixin for a plugin's frozen settings dataclass (see the module docstring)."""

    PREFIX: ClassVar[str] = ""

    @classmethod
    def setting_names(cls) -> dict[str, str]:
        """Field name -> Pelican setting name."""
        return {f.name: f.metadata.get("setting") or cls.PREFIX + f.name.upper() for f in dataclasses.fields(cls)}

    @classmethod
    def defaults(cls) -> dict[str, Any]:
        """Pelican setting name -> its default (a fresh copy of lists and dicts)."""
        names = cls.setting_names()
        values = {}
        for f in dataclasses.fields(cls):
            if f.default_factory is not dataclasses.MISSING:
                values[names[f.name]] = f.default_factory()
            else:
                values[names[f.name]] = f.default
        return values

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any] | None):
        """The author's value of each setting, else its default."""
        settings = settings or {}
        defaults = cls.defaults()
        return cls(**{field: settings[name] if name in settings else defaults[name]
                      for field, name in cls.setting_names().items()})

    @classmethod
    def apply_defaults(cls, settings: dict) -> None:
        """Fill in every missing setting of the plugin (templates read them too)."""
        for name, value in cls.defaults().items():
            settings.setdefault(name, value)

    @classmethod
    def get(cls, settings: Mapping[str, Any], name: str) -> Any:
        """One setting by its Pelican name: the author's value, else the default."""
        if name in settings:
            return settings[name]
        return cls.defaults()[name]
