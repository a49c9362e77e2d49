extension Array {
    /// `map` spread over `Parallel`'s threads in chunks of 64 Ki elements,
    /// for the per-pixel conversions of whole images.
    @inlinable
    public func parallelMap<T>(_ transform: (Element) -> T) -> [T] {
        let count = self.count
        let chunk = 1 << 16
        return withUnsafeBufferPointer { source in
            [T](unsafeUninitializedCapacity: count) { target, initialized in
                let target = target
                Parallel.forEach((count + chunk - 1) / chunk) { k in
                    for i in (k * chunk)..<Swift.min(count, k * chunk + chunk) {
                        (target.baseAddress! + i).initialize(
                            to: transform(source[i]))
                    }
                }
                initialized = count
            }
        }
    }
}
