# frozen_string_literal: true

module B44SSO
  # A client's counters since it was created (Client#stats), all Integers:
  #
  # requests::        HTTP requests sent, retries included
  # cache_hits::      calls answered from the process-wide token cache
  # cache_misses::    calls that had to fetch (cache on)
  # coalesced_waits:: calls that waited for another call's fetch of the same token
  # retries::         requests repeated after a retryable failure
  # errors::          calls that failed
  #
  # The library reads the counters one by one, not as one snapshot.
  Stats = Struct.new(:requests, :cache_hits, :cache_misses, :coalesced_waits, :retries, :errors,
                     keyword_init: true) do
    # Reads a native b44_stats.
    def self.from_native(native)
      new(**members.to_h { |name| [name, native[name]] }).freeze
    end
  end
end
