'use strict';

const cors = { 'Access-Control-Allow-Origin': '*' };

exports.list = async () => {
  return { statusCode: 200, headers: { ...cors, 'Content-Type': 'application/json' }, body: '[]' };
};

exports.create = async (event) => {
  if (!event.body) {
    return { statusCode: 400, body: JSON.stringify({ message: 'a note needs a body' }) };
  }
  return { statusCode: 201, headers: cors, body: event.body };
};
