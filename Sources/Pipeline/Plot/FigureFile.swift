import Foundation

/// Writing figure files through `FileBytes.store`: the folders are made
/// when missing, and a failure is one line naming the path, worded as for
/// every other file nnpipe writes.
public enum FigureFile {
    public static func write(_ data: Data, to path: String) throws {
        do {
            try FileBytes.store([UInt8](data), to: path)
        } catch let error as FormatError {
            throw StageError.runtime(error.message)
        }
    }

    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }
}
