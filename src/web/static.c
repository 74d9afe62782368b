/*
 * static.c — the stylesheet (io/style.c), served from memory.
 */
#include "io/style.h"
#include "web/pages.h"

int page_css(struct http_req *r, struct http_res *res)
{
	(void)r;
	res->content_type = "text/css; charset=utf-8";
	res->cacheable = true;
	buf_append(&res->body, style_css, style_css_len);
	return 0;
}
