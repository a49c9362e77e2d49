@_exported import Pipeline
