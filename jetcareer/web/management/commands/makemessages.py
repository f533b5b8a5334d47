"""makemessages without fuzzy matching: a guessed translation of a new string is worse than an
empty one, which the catalogue test reports."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
