import B44SSO

/// Creates a client from options and hands it to C in `out`.
private func create(_ out: UnsafeMutablePointer<OpaquePointer?>?, _ err: CErrorOut,
                    _ options: () throws(Base44Error) -> ClientOptions) -> Int32 {
    out?.pointee = nil
    return runReportingErrors(err) { () throws(Base44Error) in
        let out = try outPointer(out, name: "out")
        out.pointee = retainedPointer(try Base44Client(options: try options()))
    }
}

@_cdecl("b44_client_new")
public func b44_client_new(_ options: OpaquePointer?, _ out: UnsafeMutablePointer<OpaquePointer?>?, _ err: CErrorOut) -> Int32 {
    create(out, err) { () throws(Base44Error) in
        guard let box = borrow(options, as: OptionsBox.self) else { throw .init(.invalidArgument, "options is NULL") }
        return box.options
    }
}

@_cdecl("b44_client_new_from_env")
public func b44_client_new_from_env(_ out: UnsafeMutablePointer<OpaquePointer?>?, _ err: CErrorOut) -> Int32 {
    create(out, err) { () throws(Base44Error) in try ClientOptions.fromProcessEnvironment() }
}

@_cdecl("b44_client_new_from_request_headers")
public func b44_client_new_from_request_headers(
    _ names: UnsafePointer<UnsafePointer<CChar>?>?, _ values: UnsafePointer<UnsafePointer<CChar>?>?, _ count: Int,
    _ out: UnsafeMutablePointer<OpaquePointer?>?, _ err: CErrorOut
) -> Int32 {
    create(out, err) { () throws(Base44Error) in
        var headers: [(name: String, value: String)] = []
        if count > 0 {
            guard let names, let values else { throw .init(.invalidArgument, "names or values is NULL") }
            for index in 0..<count {
                headers.append((try text(names[index], name: "header name \(index)"),
                                try text(values[index], name: "header value \(index)")))
            }
        }
        return try ClientOptions.fromRequestHeaders(headers)
    }
}

@_cdecl("b44_client_free")
public func b44_client_free(_ client: OpaquePointer?) {
    release(client, as: Base44Client.self)
}
