"""The model as data: the JSON contract, the store mapping, text formats."""
