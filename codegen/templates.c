/* The templates embedded at build time (see codegen/embed.sh). */
#include <string.h>

#include "zkcg.h"
#include "zkcg_templates.h"

const char *zkcg_template(const char *name) {
    for (size_t i = 0; i < sizeof zkcg_templates / sizeof zkcg_templates[0]; i++)
        if (!strcmp(zkcg_templates[i].name, name)) return zkcg_templates[i].text;
    return NULL;
}
