"""Pelican's writer, keeping an output file whose new bytes are the ones it already holds (only its
modification time moves): a rebuild rewrites only what changed."""

from pelican import signals

from .writer import writer_class


def register():
    signals.get_writer.connect(writer_class)
