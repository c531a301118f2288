"""The multi-class lesson: softmax, how sure the network is, and charts of its answers."""
