@_exported import Pipeline

/// Every stage nnpipe offers, in the order `nnpipe stages` lists them.
public let allStages: [any Stage.Type] = [
    Load.self,
    Save.self,
    Info.self,
    Print.self,
    Plot.self,
    Binarize.self,
    Label.self,
    Box.self,
    Resize.self,
    Decode.self,
    Overlay.self,
    Train.self,
    Evaluate.self,
    Inspect.self,
    GradCheck.self,
    Classify.self,
]

/// The registry the command line and pipeline files look stages up in.
public let stageRegistry = StageRegistry(allStages)
