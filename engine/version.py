"""The engine version, stored beside every result so a change of method is traceable."""

ENGINE_VERSION = "1.0.0"
