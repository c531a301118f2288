"""The multi-class lesson: softmax and how sure the network is."""
