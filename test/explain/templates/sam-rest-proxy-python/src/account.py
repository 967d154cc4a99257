import json


def handler(event, context):
    origin = (event.get("headers") or {}).get("origin")
    if (event.get("queryStringParameters") or {}).get("empty"):
        return {"statusCode": 204, "headers": {"Access-Control-Allow-Origin": origin}}
    return {
        "statusCode": 200,
        "headers": {
            "Access-Control-Allow-Origin": origin,
            "Access-Control-Allow-Credentials": "true",
        },
        "body": json.dumps({"name": "someone"}),
    }
