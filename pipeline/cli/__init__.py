"""The ``ogi`` command: its commands (``commands``, thin: each calls the package),
the rich views of a report or an evaluation (``views``), and the progress bar and log
(``progress``)."""
