"""Steps per epoch and in all, counted by hand."""

from nnviz.lessons.hello.steps import last_batch_size, steps_table


def test_the_last_batch_holds_what_the_full_ones_leave():
    assert last_batch_size(240, 32) == 240 - 7 * 32  # 8 steps: seven of 32, one of 16
    assert last_batch_size(240, 8) == 8  # batches fit exactly
    assert last_batch_size(40, 512) == 40  # one batch bigger than the data: all of it


def test_the_table_counts_steps_for_every_batch_size():
    table = steps_table(240, 3, (1, 32, 512))
    assert table.columns.tolist() == ["batch size", "steps per epoch", "steps in 3 epochs"]
    assert table["steps per epoch"].tolist() == [240, 8, 1]
    assert table["steps in 3 epochs"].tolist() == [720, 24, 3]
