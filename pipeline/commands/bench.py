"""The `danvan bench` command (not yet available)."""

from pipeline.commands import add_data_dir
from pipeline.errors import DanvanError

HELP = "(bench: not yet available)"


def add_arguments(parser):
    add_data_dir(parser)


def run(options):
    raise DanvanError("this command is not available yet")
