import B44SSO

/// Runs a call that yields text and hands the text to C in `out` as a malloc'd string.
private func call(_ client: OpaquePointer?, _ out: CStringOut, _ err: CErrorOut,
                  _ body: (Base44Client) throws(Base44Error) -> String) -> Int32 {
    out?.pointee = nil
    return runReportingErrors(err) { () throws(Base44Error) in
        let out = try outPointer(out, name: "out")
        guard let client = borrow(client, as: Base44Client.self) else { throw .init(.invalidArgument, "client is NULL") }
        out.pointee = try mallocCopy(try body(client))
    }
}

@_cdecl("b44_sso_get_access_token")
public func b44_sso_get_access_token(
    _ client: OpaquePointer?, _ userID: UnsafePointer<CChar>?, _ out: CStringOut, _ err: CErrorOut
) -> Int32 {
    call(client, out, err) { client throws(Base44Error) in
        try client.accessToken(forUserID: try text(userID, name: "user id"))
    }
}

@_cdecl("b44_sso_get_id_token")
public func b44_sso_get_id_token(
    _ client: OpaquePointer?, _ userID: UnsafePointer<CChar>?, _ out: CStringOut, _ err: CErrorOut
) -> Int32 {
    call(client, out, err) { client throws(Base44Error) in
        try client.idToken(forUserID: try text(userID, name: "user id"))
    }
}

@_cdecl("b44_auth_me")
public func b44_auth_me(_ client: OpaquePointer?, _ out: CStringOut, _ err: CErrorOut) -> Int32 {
    call(client, out, err) { client throws(Base44Error) in try client.currentUserJSON() }
}
