# frozen_string_literal: true

require "rbconfig"
require "test_helper"

# The example in examples/ runs against the stand-in.
class TestExamples < Minitest::Test
  EXAMPLE = File.expand_path("../examples/fetch_token.rb", __dir__)

  def run_example(user_id)
    env = { "BASE44_APP_ID" => StandIn.app_id, "BASE44_SERVICE_TOKEN" => StandIn.service_token,
            "BASE44_API_URL" => StandIn.url }
    command = [RbConfig.ruby, "-I#{File.expand_path('../lib', __dir__)}", EXAMPLE, user_id]
    output = IO.popen(env, command, err: %i[child out], &:read)
    [output, $?.exitstatus]
  end

  def test_fetch_token_prints_the_token
    assert_equal ["at-paula\n", 0], run_example("paula")
  end

  def test_fetch_token_explains_a_failure
    output, status = run_example(StandIn.scenario("status=404"))
    assert_equal 1, status
    assert_match(/no SSO token/, output)
  end
end
