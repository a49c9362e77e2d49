public enum NNPipe { public static let version = "0.1.0" }
