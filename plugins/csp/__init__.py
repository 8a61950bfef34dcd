"""The Content-Security-Policy of every page (``CONTENT_SECURITY_POLICY``, placed by ``base.html``)."""

from pelican import signals

from .csp import initialize


def register():
    signals.initialized.connect(initialize)
