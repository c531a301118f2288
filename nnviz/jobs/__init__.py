"""Training as jobs: plain values that worker processes run, so no visitor's training ever
runs in (or stalls) the web server's own threads.

- job.py: TrainingJob, the value (network spec, training settings, the data rows, chunk size)
  and the key that identical jobs share;
- work.py: what a worker runs: one chunk of epochs, from a checkpoint to the next;
- pool.py: where jobs run: a local process pool (the default), or a Dask cluster named by
  NNVIZ_DASK_SCHEDULER;
- results.py: results shared by job key, so identical jobs cost once, with a memory bound;
- run.py: one visitor's run of a job, advanced chunk by chunk by the page.
"""
