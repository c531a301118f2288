"""What the local pool's forkserver imports before it forks any worker: the training code, and
torch warmed up by a few tiny runs, so that every worker shares those pages of memory."""

from nnviz.jobs.work import warm_up

warm_up()
