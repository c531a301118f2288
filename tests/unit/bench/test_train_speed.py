"""bench.train_speed's contenders train the job they are given (a tiny one here: this checks
that the benchmark still runs against the current code, never how fast it is)."""

from bench.train_speed import CONTENDERS, Job, measure


def test_every_contender_trains_the_job_and_the_job_path_matches_the_engine():
    job = Job(n_samples=200, layers=(4,), epochs=3)
    results = measure(job, repeats=1)
    assert set(results) == set(CONTENDERS)
    for seconds, accuracy in results.values():
        assert seconds > 0 and 0.0 <= accuracy <= 1.0
    # Through the worker pool, chunk by chunk, the engine's run is the same run.
    assert results["nnviz-job"][1] == results["nnviz"][1]
