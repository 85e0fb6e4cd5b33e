// HttpRequest / HttpResponse: the HTTP exchange as the API layer sees it, without any HTTP
// library's types, so that routing is tested without sockets.
#pragma once
#include <map>
#include <string>

namespace vnet::api {

struct HttpRequest {
  std::string method;  // "GET", "PUT", ...
  std::string path;    // without the query string
  std::map<std::string, std::string> query;
  std::map<std::string, std::string> headers;  // lower-cased names
  std::string body;
};

struct HttpResponse {
  int status = 200;
  std::map<std::string, std::string> headers;
  std::string body;  // JSON text, or empty
};

}  // namespace vnet::api
