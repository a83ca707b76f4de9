#include <paystrike/paystrike.h>

int main(void) { return paystrike_version_number() == PAYSTRIKE_VERSION_NUMBER ? 0 : 1; }
