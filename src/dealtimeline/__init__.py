"""dealtimeline: who supplies OpenAI's compute, on what terms, since when, and says who."""

__version__ = "0.1.0"
