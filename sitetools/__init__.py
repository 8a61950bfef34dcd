"""Project tooling that is not part of the Pelican site itself (see ``deploy``)."""
