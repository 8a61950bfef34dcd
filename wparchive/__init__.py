"""What every WordPress-archive reader needs, whatever it reads the archive for.

A library, not a Pelican plugin (it has no ``register``): the archived-comments plugin reads
comments with it and the post import reads posts with it, and neither imports the other.

``dates``
    every date an archive gives (ISO, WordPress's own, and as themes print it in any language).
``oldurls``
    when two URLs of the old blog name the same page, and the post name in a URL.
``wayback``
    Wayback Machine captures: the capture time, the original URL, the archive's additions cut out.
``safexml``
    XML exports loaded safely (no entities, damaged files recovered, encodings repaired).
``encoding``
    a file that is UTF-8 but for a few Windows-1252 bytes, read as UTF-8 with those bytes repaired.
``problems``
    the ``Problem`` record every reader reports with.
"""
