"""Pure torch routines behind every page: no streamlit, no altair, no pandas.

Importing any of them loads torch once per process and gives it one thread: every student's
session is a thread of the same process, and one torch thread each keeps a class from fighting
over the cores. Nothing computes with torch before this runs, since all of it lives in lib/.
"""

import torch

torch.set_num_threads(1)


def warm_up() -> None:
    """What a process pays once, paid before a student waits for it: the first optimizer built
    imports torch._dynamo (5-10 s here). Called by ui/preload.py beside the first script run."""
    torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
