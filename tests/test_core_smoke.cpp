#include <gtest/gtest.h>
#include "paystrike/paystrike.hpp"
TEST(CoreSmoke, HeadersCompile) { EXPECT_EQ(paystrike::status_name(paystrike::Status::ok), std::string("ok")); }
