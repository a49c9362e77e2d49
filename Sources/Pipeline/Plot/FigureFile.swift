import Foundation

/// Writing figure files: the folder is made when missing, and a failure is
/// one line naming the path.
public enum FigureFile {
    public static func write(_ data: Data, to path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        do {
            if !folder.isEmpty {
                try FileManager.default.createDirectory(
                    atPath: folder, withIntermediateDirectories: true)
            }
            try data.write(to: URL(fileURLWithPath: path))
        } catch {
            throw StageError.runtime("cannot write \(path): "
                + "\((error as NSError).localizedDescription)")
        }
    }

    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }
}
