import json
import os


def handler(event, context):
    return {
        "statusCode": 200,
        "headers": {
            "Access-Control-Allow-Origin": os.environ["FRONTEND_ORIGIN"],
            "Access-Control-Allow-Credentials": "true",
        },
        "body": json.dumps({"theme": "dark"}),
    }
