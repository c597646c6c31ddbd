import B44SSO

@_cdecl("b44_client_invalidate")
public func b44_client_invalidate(_ client: OpaquePointer?, _ userID: UnsafePointer<CChar>?) -> Int32 {
    runReportingErrors(nil) { () throws(Base44Error) in
        guard let client = borrow(client, as: Base44Client.self) else { throw .init(.invalidArgument, "client is NULL") }
        try client.invalidate(userID: try text(userID, name: "user id"))
    }
}

@_cdecl("b44_client_stats")
public func b44_client_stats(_ client: OpaquePointer?, _ out: UnsafeMutableRawPointer?, _ outSize: Int) -> Int32 {
    runReportingErrors(nil) { () throws(Base44Error) in
        guard let client = borrow(client, as: Base44Client.self) else { throw .init(.invalidArgument, "client is NULL") }
        guard let out else { throw .init(.invalidArgument, "out is NULL") }
        let stats = client.stats
        // The fields of b44_stats, in order.
        let fields = [stats.requests, stats.cacheHits, stats.cacheMisses, stats.coalescedWaits, stats.retries, stats.errors]
        for (index, value) in fields.enumerated() where (index + 1) * 8 <= outSize {
            out.storeBytes(of: UInt64(clamping: value), toByteOffset: index * 8, as: UInt64.self)
        }
    }
}
