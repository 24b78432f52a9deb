"""`judge_worker`: the name the platform's worker had when it lived in this app; see `worker`."""

from common.management.commands.worker import Command as Command
